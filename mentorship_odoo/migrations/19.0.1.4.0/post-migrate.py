"""19.0.1.4.0: a grade's term, state and result lose their own indexes (the
term is searched through the unique (term, mentor) index; a state or a
result alone selects too many grades for an index to help), so inserting a
term's grades maintains three indexes fewer. The ORM keeps an index a field
no longer asks for: they are dropped here."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS mentorship_evaluation__term_id_index")
    cr.execute("DROP INDEX IF EXISTS mentorship_evaluation__result_index")
    cr.execute("DROP INDEX IF EXISTS mentorship_evaluation__state_index")
