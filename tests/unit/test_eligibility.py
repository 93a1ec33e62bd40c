"""Boundaries of the eligibility rules R-ELIG-1 … R-ELIG-6."""

import datetime

from regulation import EligibilityFacts, Reason, age_at, check_eligibility

START = datetime.date(2025, 9, 1)


def cadre(**kw):
    values = {"cadre_level": "middle_deputy", "education": "bachelor", "age": 52}
    values.update(kw)
    return EligibilityFacts(**values)


def teacher(**kw):
    values = {"title_level": "associate_senior", "education": "master", "head_teacher_years": 3}
    values.update(kw)
    return EligibilityFacts(**values)


def test_age_at_term_start():
    """R-ELIG-2: age is counted in full years at term start."""
    assert age_at(datetime.date(1975, 9, 1), START) == 50
    assert age_at(datetime.date(1975, 9, 2), START) == 49
    assert age_at(None, START) is None


def test_r_elig_1_no_basis():
    """R-ELIG-1: junior staff without cadre rank, senior title or honour."""
    verdict = check_eligibility(EligibilityFacts(title_level="intermediate", head_teacher_years=10))
    assert not verdict.eligible
    assert verdict.reasons == [Reason("R-ELIG-1", "no_basis")]


def test_r_elig_1_each_basis_alone():
    """R-ELIG-1 (a), (b) and (c) each qualify on their own."""
    assert check_eligibility(cadre()).bases == ["a"]
    assert check_eligibility(teacher()).bases == ["b"]
    honour = EligibilityFacts(provincial_honour=True, head_teacher_years=3)
    assert check_eligibility(honour).bases == ["c"]
    assert check_eligibility(cadre(cadre_level="college")).eligible
    assert check_eligibility(teacher(title_level="senior")).eligible
    assert not check_eligibility(cadre(cadre_level="none")).eligible


def test_r_elig_2_age_boundary():
    """R-ELIG-2: "50 岁以下" includes 50: a cadre aged 50 must head a class; 51 need not."""
    young = check_eligibility(cadre(age=49))
    assert not young.eligible
    assert young.reasons == [Reason("R-ELIG-2", "cadre_not_head_teacher", age=49, limit=50)]
    fifty = check_eligibility(cadre(age=50))
    assert not fifty.eligible
    assert fifty.reasons == [Reason("R-ELIG-2", "cadre_not_head_teacher", age=50, limit=50)]
    assert check_eligibility(cadre(age=51)).eligible
    assert check_eligibility(cadre(age=50, is_head_teacher=True)).eligible
    assert check_eligibility(cadre(age=49, is_head_teacher=True)).eligible


def test_r_elig_2_limit_is_a_setting():
    """R-ELIG-2: the age limit comes from the policy."""
    assert not check_eligibility(cadre(age=52), cadre_age_limit=55).eligible
    assert check_eligibility(cadre(age=49), cadre_age_limit=45).eligible


def test_r_elig_2_unknown_age():
    """R-ELIG-2: an unknown birthday cannot prove the age; heading a class still does."""
    verdict = check_eligibility(cadre(age=None))
    assert not verdict.eligible
    assert verdict.rules == ["R-ELIG-2"]
    assert check_eligibility(cadre(age=None, is_head_teacher=True)).eligible


def test_r_elig_3_degree_boundary():
    """R-ELIG-3: a cadre needs a bachelor's degree; below is refused."""
    assert check_eligibility(cadre(education="bachelor")).eligible
    assert check_eligibility(cadre(education="doctor")).eligible
    verdict = check_eligibility(cadre(education="below_bachelor"))
    assert not verdict.eligible
    assert verdict.reasons == [Reason("R-ELIG-3", "cadre_education", education="below_bachelor")]


def test_r_elig_2_and_3_both_reported():
    """R-ELIG-2 and R-ELIG-3 failures are listed together."""
    verdict = check_eligibility(cadre(age=40, education="below_bachelor"))
    assert verdict.rules == ["R-ELIG-2", "R-ELIG-3"]


def test_r_elig_4_head_teacher_years_boundary():
    """R-ELIG-4: 2.9 years as head teacher is not enough, 3 is."""
    verdict = check_eligibility(teacher(head_teacher_years=2.9))
    assert not verdict.eligible
    assert verdict.reasons == [Reason("R-ELIG-4", "head_teacher_years", years=2.9, minimum=3)]
    assert check_eligibility(teacher(head_teacher_years=3.0)).eligible
    assert not check_eligibility(teacher(head_teacher_years=3.0), min_head_teacher_years=4).eligible


def test_r_elig_4_does_not_apply_to_cadres():
    """R-ELIG-4: a qualifying cadre needs no head-teacher years."""
    assert check_eligibility(cadre(head_teacher_years=0)).eligible


def test_r_elig_2_binds_a_cadre_with_a_senior_title():
    """R-ELIG-2 (default): a young cadre heading no class is not rescued by a senior title."""
    facts = cadre(age=45, title_level="associate_senior", head_teacher_years=5)
    verdict = check_eligibility(facts)
    assert not verdict.eligible
    assert verdict.reasons == [Reason("R-ELIG-2", "cadre_not_head_teacher", age=45, limit=50)]


def test_r_elig_3_binds_a_cadre_with_an_honour():
    """R-ELIG-3 (default): a cadre below a bachelor's degree is not rescued by an honour."""
    facts = cadre(education="below_bachelor", provincial_honour=True, head_teacher_years=9)
    verdict = check_eligibility(facts)
    assert not verdict.eligible
    assert verdict.rules == ["R-ELIG-3"]


def test_r_elig_4_does_not_bind_a_qualifying_cadre_with_a_title():
    """R-ELIG-4 binds non-cadres: a qualifying cadre with a senior title needs no years."""
    verdict = check_eligibility(cadre(title_level="senior", head_teacher_years=0))
    assert verdict.eligible
    assert verdict.bases == ["a", "b"]


def test_looser_reading_any_basis_suffices():
    """R-ELIG-2/3 policy switch off: a young cadre qualifies through a senior title."""
    facts = cadre(age=45, title_level="associate_senior", head_teacher_years=5)
    verdict = check_eligibility(facts, cadre_rules_bind_all=False)
    assert verdict.eligible
    assert verdict.bases == ["b"]
    assert verdict.reasons == [Reason("R-ELIG-1", "basis_b")]
    low = cadre(education="below_bachelor", provincial_honour=True, head_teacher_years=3)
    assert check_eligibility(low, cadre_rules_bind_all=False).bases == ["c"]


def test_looser_reading_every_path_fails():
    """R-ELIG-1 (looser reading): with two bases failing, both paths' reasons are given."""
    facts = cadre(age=45, title_level="associate_senior", head_teacher_years=1)
    verdict = check_eligibility(facts, cadre_rules_bind_all=False)
    assert not verdict.eligible
    assert verdict.rules == ["R-ELIG-2", "R-ELIG-4"]


def test_r_elig_6_fail_last_term_bars():
    """R-ELIG-6: a fail in the previous term bars an otherwise eligible applicant."""
    verdict = check_eligibility(teacher(failed_last_term="2024-2025学年第二学期"))
    assert not verdict.eligible
    assert verdict.reasons[-1] == Reason(
        "R-ELIG-6", "failed_last_term", term="2024-2025学年第二学期"
    )
