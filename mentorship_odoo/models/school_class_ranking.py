from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib.regulation import in_bottom_third, in_top_share, is_new_student_class


class _RankImportError(Exception):
    def __init__(self, problems):
        super().__init__()
        self.problems = problems


class SchoolClassRanking(models.Model):
    _name = "school.class.ranking"
    _description = "Class Quantification Ranking"
    _inherit = ["mentorship.guard.mixin"]
    _order = "term_id desc, department_id, rank_department, id"
    _protected_fields = (
        "department_size",
        "grade_size",
        "bottom_third",
        "grade_top_share",
        "is_new_class",
    )
    _identity_fields = ("term_id", "class_id")

    term_id = fields.Many2one("mentorship.term", string="Term", required=True, index=True)
    class_id = fields.Many2one(
        "school.class", string="Class", required=True, index=True, ondelete="restrict"
    )
    department_id = fields.Many2one(
        "hr.department", related="class_id.department_id", store=True, string="Department"
    )
    grade_year = fields.Integer(related="class_id.grade_year", store=True)
    company_id = fields.Many2one(
        "res.company", related="class_id.company_id", store=True, index=True
    )
    score = fields.Float(digits=(6, 2))
    rank_department = fields.Integer(
        string="Rank in Department", required=True, help="1 is the best class."
    )
    rank_grade = fields.Integer(string="Rank in Grade", required=True, help="1 is the best class.")
    department_size = fields.Integer(
        readonly=True, help="Classes of the department ranked this term."
    )
    grade_size = fields.Integer(readonly=True, help="Classes of the grade ranked this term.")
    bottom_third = fields.Boolean(
        string="Bottom Third of Department",
        readonly=True,
        help="R-MATCH-3(b): ranks in the bottom third of its department this term.",
    )
    grade_top_share = fields.Boolean(
        string="In Top Share of Grade",
        readonly=True,
        help="R-EVAL-4: ranks within the policy's top share (2/3) of its grade this term.",
    )
    is_new_class = fields.Boolean(
        string="New-Student Class",
        readonly=True,
        help="The class is in its first year in this term.",
    )

    _term_class_unique = models.Constraint(
        "UNIQUE(term_id, class_id)", "A class has one ranking per term."
    )
    _ranks_positive = models.Constraint(
        "CHECK(rank_department >= 1 AND rank_grade >= 1)", "Ranks start at 1 (the best class)."
    )

    @api.model_create_multi
    def create(self, vals_list):
        rankings = super().create(vals_list)
        rankings._check_unlocked()
        rankings._refresh_term_figures()
        return rankings

    def _check_unlocked(self):
        if self.env.su:
            return
        for term in self.term_id:
            if term.state == "closed":
                raise UserError(
                    self.env._("%(term)s is closed: its rankings are locked.", term=term.name)
                )

    @api.constrains("term_id", "class_id")
    def _check_same_company(self):
        for ranking in self:
            if ranking.class_id.company_id != ranking.term_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(class_name)s and %(term)s belong to different companies.",
                        class_name=ranking.class_id.display_name,
                        term=ranking.term_id.name,
                    )
                )

    @api.constrains("score")
    def _check_score(self):
        for ranking in self:
            if not -10000 <= ranking.score <= 10000:
                raise ValidationError(
                    self.env._(
                        "The score of %(class_name)s is out of range.",
                        class_name=ranking.class_id.display_name,
                    )
                )

    def write(self, vals):
        self._check_unlocked()
        terms = self.term_id
        res = super().write(vals)
        if set(vals) & {
            "term_id",
            "class_id",
            "rank_department",
            "rank_grade",
        }:
            (self | self.sudo().search([("term_id", "in", terms.ids)]))._refresh_term_figures()
            problems = self._rank_problems()
            if problems:
                raise ValidationError("\n".join(message for _record, message in problems))
        return res

    def unlink(self):
        self._check_unlocked()
        terms = self.term_id
        res = super().unlink()
        self.sudo().search([("term_id", "in", terms.ids)])._refresh_term_figures()
        return res

    def _refresh_term_figures(self):
        """Derive department and grade sizes from the rows of the same term,
        then the bottom-third and top-share flags. Sizes count every row of
        the term, including those of departments the user does not see."""
        self = self.sudo()
        terms = self.term_id
        if not terms:
            return
        domain = [("term_id", "in", terms.ids)]
        dept_sizes = {
            (term.id, department.id): count
            for term, department, count in self._read_group(
                domain, ["term_id", "department_id"], ["__count"]
            )
        }
        grade_sizes = {
            (term.id, grade): count
            for term, grade, count in self._read_group(
                domain, ["term_id", "grade_year"], ["__count"]
            )
        }
        groups = {}
        for ranking in self.search(domain):
            term = ranking.term_id
            department_size = dept_sizes.get((term.id, ranking.department_id.id), 0)
            grade_size = grade_sizes.get((term.id, ranking.grade_year), 0)
            values = (
                department_size,
                grade_size,
                in_bottom_third(ranking.rank_department, department_size),
                in_top_share(
                    ranking.rank_grade, grade_size, term.policy_id.new_class_top_ratio or 2 / 3
                ),
                is_new_student_class(ranking.grade_year, term.academic_year),
            )
            groups.setdefault(values, []).append(ranking.id)
        # derived figures: written by the server on exactly these rows
        refresh = self.sudo()
        for values, ids in groups.items():
            refresh.browse(ids).write(
                dict(
                    zip(
                        (
                            "department_size",
                            "grade_size",
                            "bottom_third",
                            "grade_top_share",
                            "is_new_class",
                        ),
                        values,
                        strict=True,
                    )
                )
            )

    def _rank_problems(self):
        """Rankings whose ranks lie outside 1..size of their term."""
        problems = []
        for ranking in self:
            if ranking.rank_department > ranking.department_size:
                problems.append(
                    (
                        ranking,
                        self.env._(
                            "%(class_name)s: rank %(rank)s in its department, but only "
                            "%(size)s classes of the department are ranked in %(term)s.",
                            class_name=ranking.class_id.display_name,
                            rank=ranking.rank_department,
                            size=ranking.department_size,
                            term=ranking.term_id.name,
                        ),
                    )
                )
            if ranking.rank_grade > ranking.grade_size:
                problems.append(
                    (
                        ranking,
                        self.env._(
                            "%(class_name)s: rank %(rank)s in its grade, but only %(size)s "
                            "classes of the grade are ranked in %(term)s.",
                            class_name=ranking.class_id.display_name,
                            rank=ranking.rank_grade,
                            size=ranking.grade_size,
                            term=ranking.term_id.name,
                        ),
                    )
                )
        return problems

    @api.model
    def load(self, fields, data):
        """Import rankings all or nothing: ranks are checked against the sizes
        of the whole import once every row is in."""
        try:
            with self.env.cr.savepoint():
                result = super().load(fields, data)
                if result.get("ids"):
                    ids = result["ids"]
                    rankings = self.browse(ids)
                    rankings.flush_recordset()
                    problems = rankings._rank_problems()
                    if problems:
                        position = {record_id: index for index, record_id in enumerate(ids)}
                        raise _RankImportError(
                            [(position[record.id], message) for record, message in problems]
                        )
        except _RankImportError as error:
            return {
                "ids": False,
                "messages": [
                    {
                        "type": "error",
                        "message": message,
                        "record": index,
                        "rows": {"from": index, "to": index},
                    }
                    for index, message in error.problems
                ],
            }
        return result

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Rankings"),
                "template": "/mentorship_odoo/static/import/school_class_ranking.csv",
            }
        ]
