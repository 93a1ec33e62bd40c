import base64
import datetime
import io
import unittest
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time
from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_evaluation import EvaluationCase

D = datetime.date
DT = datetime.datetime


def photo(color="red"):
    """A small real JPEG, as a phone's camera gives."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestRecordIntegrity(EvaluationCase):
    """R-EVAL-2 (及时记录), R-MISC-1: when and by whom each entry was recorded,
    late and bunched entries, photo evidence; signals, never grades."""

    def log_at(self, moment, user, assignment, day, code, **values):
        with freeze_time(moment):
            return self.log(user, assignment, day, code, **values)

    def test_r_eval_2_recorded_at_by_and_late(self):
        """R-EVAL-2: an entry keeps when and by whom it was recorded; recorded
        more than 7 days (policy default) after its work date, it is late."""
        self.assertEqual(self.term.policy_id.late_entry_days, 7)
        on_time = self.log_at(
            "2025-09-10 02:00:00", self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity"
        )
        late = self.log_at(
            "2025-09-11 02:00:00", self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity"
        )
        self.assertEqual(on_time.recorded_at, DT(2025, 9, 10, 2, 0))
        self.assertEqual(on_time.recorded_by_id, self.mentor_a)
        self.assertEqual(on_time.recorded_date, D(2025, 9, 10))
        self.assertEqual((on_time.days_late, on_time.is_late), (7, False))
        self.assertEqual((late.days_late, late.is_late), (8, True))
        # the day counts in the recorder's time zone: 23:30 UTC is the next day in Shanghai
        self.mentor_b.tz = "Asia/Shanghai"
        evening = self.log_at(
            "2025-09-10 23:30:00", self.mentor_b, self.assignment_b, D(2025, 9, 3), "activity"
        )
        self.assertEqual((evening.recorded_date, evening.is_late), (D(2025, 9, 11), True))
        # the shares of the handbook, and the SAO's filter
        self.assertEqual(self.assignment_a.signal_entry_count, 2)
        self.assertEqual(self.assignment_a.late_entry_count, 1)
        self.assertAlmostEqual(self.assignment_a.late_entry_share, 0.5)
        office = self.env["mentorship.assignment"].with_user(self.users["office"])
        self.assertEqual(
            office.search([("late_entry_count", ">", 0), ("term_id", "=", self.term.id)]),
            self.assignment_a | self.assignment_b,
        )
        Log = self.env["mentorship.log"].with_user(self.users["office"])
        self.assertEqual(Log.search([("is_late", "=", True)]), late | evening)
        # R-MISC-2: the setting stays put once the policy version is in use
        with self.assertRaises(UserError):
            self.term.policy_id.with_user(self.users["manager"]).late_entry_days = 30

    def test_r_misc_1_facts_cannot_be_forged(self):
        """R-MISC-1: nobody sets when or by whom an entry was recorded, nor its
        flags, nor the handbook's shares."""
        forged = {
            "recorded_at": "2025-09-03 08:00:00",
            "recorded_by_id": self.mentor_b.id,
            "recorded_date": "2025-09-03",
            "days_late": 0,
            "is_late": False,
            "has_evidence": True,
            "is_month_end_bunched": False,
        }
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                self.log_at(
                    "2025-10-20",
                    self.mentor_a,
                    self.assignment_a,
                    D(2025, 9, 3),
                    "activity",
                    **{name: value},
                )
        entry = self.log_at(
            "2025-10-20", self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity"
        )
        self.assertTrue(entry.is_late)
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                entry.with_user(self.mentor_a).write({name: value})
        self.assertEqual(entry.recorded_by_id, self.mentor_a)
        self.assertTrue(entry.is_late)
        for name in ("late_entry_share", "late_entry_count", "evidence_entry_share"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                self.assignment_a.with_user(self.users["office"]).write({name: 0})

    def test_r_eval_2_bunched_at_month_end(self):
        """R-EVAL-2: a month whose entries pile up in its last 3 days is bunched:
        B dates 3 of 4 October entries on 29-31 October; A dates 1 of 3."""
        moment = "2025-10-31 10:00:00"
        self.log_at(moment, self.mentor_b, self.assignment_b, D(2025, 10, 10), "activity")
        for day in (29, 30, 31):
            self.log_at(moment, self.mentor_b, self.assignment_b, D(2025, 10, day), "activity")
        for day in (5, 12, 30):
            self.log_at(moment, self.mentor_a, self.assignment_a, D(2025, 10, day), "activity")
        # the term-end summary is written at the end by nature: not bunched
        self.log_at(moment, self.mentor_a, self.assignment_a, D(2025, 10, 31), "summary")
        flagged = self.env["mentorship.log"].search([("is_month_end_bunched", "=", True)])
        self.assertEqual(flagged.mapped("date"), [D(2025, 10, d) for d in (31, 30, 29)])
        self.assertEqual(flagged.assignment_id, self.assignment_b)
        self.assertEqual(self.assignment_b.bunched_entry_count, 3)
        self.assertAlmostEqual(self.assignment_b.bunched_entry_share, 0.75)
        self.assertEqual(self.assignment_a.bunched_entry_count, 0)
        # moving one entry out of the window ends the pile: 2 of 4 still reach half
        entry = flagged.filtered(lambda log: log.date.day == 29)
        with freeze_time(moment):
            entry.with_user(self.mentor_b).date = D(2025, 10, 20)
        self.assertEqual(self.assignment_b.bunched_entry_count, 2)
        with freeze_time(moment):
            flagged[0].with_user(self.mentor_b).date = D(2025, 10, 21)
        self.assertEqual(self.assignment_b.bunched_entry_count, 0, "one entry is no pile")

    def test_photo_evidence_stored_with_the_entry(self):
        """R-EVAL-2: a photo taken on the phone is saved with the entry, as its
        attachment; nobody borrows another record's file as evidence (R-MISC-1)."""
        entry = self.log_at(
            "2025-09-04",
            self.mentor_a,
            self.assignment_a,
            D(2025, 9, 3),
            "activity",
            attachment_ids=[
                (0, 0, {"name": "班会.jpg", "datas": photo(), "mimetype": "text/html"})
            ],
        )
        self.assertTrue(entry.has_evidence)
        attachment = entry.attachment_ids
        self.assertEqual((attachment.res_model, attachment.res_id), ("mentorship.log", entry.id))
        self.assertEqual(attachment.mimetype, "image/jpeg", "the type comes from the content")
        self.assertEqual(self.assignment_a.evidence_entry_count, 1)
        # another mentor's photo, or a file of another record, cannot be linked
        with self.assertRaises(AccessError):
            self.log_at(
                "2025-09-04",
                self.mentor_b,
                self.assignment_b,
                D(2025, 9, 3),
                "activity",
                attachment_ids=[(4, attachment.id)],
            )
        foreign = self.env["ir.attachment"].create(
            {"name": "x.jpg", "datas": photo("blue"), "res_model": "res.partner", "res_id": 1}
        )
        with self.assertRaises(AccessError):
            entry.with_user(self.mentor_a).write({"attachment_ids": [(4, foreign.id)]})
        # the mentor's own upload, not yet attached, becomes the entry's
        upload = (
            self.env["ir.attachment"]
            .with_user(self.mentor_a)
            .create({"name": "宿舍.jpg", "datas": photo("green")})
        )
        with freeze_time("2025-09-05"):
            entry.with_user(self.mentor_a).write({"attachment_ids": [(4, upload.id)]})
        self.assertEqual(upload.sudo().res_id, entry.id)
        self.assertEqual(len(entry.attachment_ids), 2)

    def test_entry_never_half_saved(self):
        """An entry with photo evidence is stored with its attachments or not
        at all: the attachment step fails, and neither remains."""
        IrAttachment = type(self.env["ir.attachment"])
        Log = self.env["mentorship.log"]
        before = (Log.search_count([]), self.env["ir.attachment"].search_count([]))

        def disk_full(self, vals_list):
            raise OSError("No space left on device")

        # unittest's assertRaises: Odoo's own would roll back a savepoint of its
        # own, and hide what the failed create leaves behind
        with (
            patch.object(IrAttachment, "create", disk_full),
            unittest.TestCase.assertRaises(self, OSError),
        ):
            self.log_at(
                "2025-09-04",
                self.mentor_a,
                self.assignment_a,
                D(2025, 9, 3),
                "activity",
                topic="半途失败",
                attachment_ids=[(0, 0, {"name": "班会.jpg", "datas": photo()})],
            )
        self.env.invalidate_all()
        self.assertFalse(Log.search([("topic", "=", "半途失败")]))
        self.env.cr.execute("SELECT count(*) FROM mentorship_log WHERE topic = %s", ["半途失败"])
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no entry row remains")
        self.env.cr.execute("SELECT count(*) FROM ir_attachment WHERE name = %s", ["班会.jpg"])
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no orphan attachment")
        self.assertEqual((Log.search_count([]), self.env["ir.attachment"].search_count([])), before)
        # the same entry goes through once the failure is gone
        entry = self.log_at(
            "2025-09-04",
            self.mentor_a,
            self.assignment_a,
            D(2025, 9, 3),
            "activity",
            topic="半途失败",
            attachment_ids=[(0, 0, {"name": "班会.jpg", "datas": photo()})],
        )
        self.assertTrue(entry.has_evidence)

    def test_r_eval_2_edit_after_month_end_keeps_old_values(self):
        """R-EVAL-2, R-MISC-1: an entry edited after its month ended keeps its
        earlier values in the chatter; edits within the month are free."""
        entry = self.log_at(
            "2025-09-05", self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity"
        )
        with freeze_time("2025-09-20"):
            entry.with_user(self.mentor_a).write({"topic": "篮球赛初赛"})
        self.flush_tracking()
        self.assertFalse(entry.sudo().message_ids.tracking_value_ids, "within its month: no note")
        with freeze_time("2025-10-08"):
            entry.with_user(self.mentor_a).write(
                {"topic": "篮球赛决赛", "setting": "club", "note": "补记"}
            )
        self.flush_tracking()
        note = entry.sudo().message_ids.filtered(lambda m: "R-EVAL-2" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.mentor_a.partner_id)
        changes = {
            t.field_id.name: (t.old_value_char, t.new_value_char)
            for t in note.sudo().tracking_value_ids
        }
        self.assertEqual(changes["topic"], ("篮球赛初赛", "篮球赛决赛"))
        self.assertEqual(changes["setting"], ("In the class", "In student clubs"))
        self.assertIn("note", {t.field_id.name for t in note.sudo().tracking_value_ids})

    def test_r_eval_1_signals_never_change_the_grade(self):
        """R-EVAL-1, R-EVAL-2: A passes with every entry recorded late and no
        evidence; the shares appear in the term results (PDF, XLSX), and the
        grades stay the same whatever the signals say."""
        self.prepare_term()
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        grades = {e.employee_id.user_id: e for e in self.term.evaluation_ids}
        grade_a, grade_b = grades[self.mentor_a], grades[self.mentor_b]
        # every entry of the seeded term was recorded after the term, today
        self.assertEqual(grade_a.signal_entry_count, len(self.assignment_a.log_ids))
        self.assertEqual(grade_a.late_entry_share, 1.0)
        self.assertEqual(grade_a.evidence_entry_share, 0.0)
        self.assertEqual((grade_a.result, grade_b.result), ("pass", "fail"))
        before = [(e.result, e.performance_ok, e.reasons) for e in (grade_a, grade_b)]
        self.assertNotIn("R-EVAL-2", grade_a.reasons or "")
        # the SAO filters on the signals
        Evaluation = self.env["mentorship.evaluation"].with_user(office)
        self.assertEqual(
            Evaluation.search([("term_id", "=", self.term.id), ("late_entry_count", ">", 0)]),
            grade_a | grade_b,
        )
        self.assertEqual(
            Evaluation.search([("term_id", "=", self.term.id), ("evidence_entry_count", "=", 0)]),
            grade_a | grade_b,
        )
        # the term results: PDF and XLSX carry the three shares
        report = self.env["ir.actions.report"].with_user(office)
        html = report._render_qweb_html("mentorship_odoo.report_term_results", self.term.ids)[
            0
        ].decode()
        self.assertIn('<td class="o_mentorship_late"><span>100%</span></td>', html)
        self.assertIn('<td class="o_mentorship_evidence"><span>0%</span></td>', html)
        content, _kind = report._render("mentorship_odoo.term_results_xlsx", self.term.ids)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[8:11], ["Late Entries", "Bunched at Month End", "With Evidence"])
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["导师甲"][8], 1.0)
        self.assertEqual(rows["导师甲"][10], 0.0)
        # the signals change (as the server may restate them): the grades do not
        self.assignment_a.log_ids.sudo().write({"is_late": False, "has_evidence": True})
        self.assertEqual(grade_a.late_entry_share, 0.0)
        self.assertEqual(grade_a.evidence_entry_share, 1.0)
        self.term.with_user(office).action_compute_grades()
        self.assertEqual(
            [(e.result, e.performance_ok, e.reasons) for e in (grade_a, grade_b)], before
        )


@tagged("post_install", "-at_install", "mentorship_tour")
class TestPhotoEvidenceTour(HttpCase):
    """R-EVAL-2 on a phone: a photo from the camera input is saved with the entry."""

    browser_size = "375x740"
    touch_enabled = True

    def test_photo_from_the_phone(self):
        today = fields.Date.context_today(self.env["res.users"])
        start = today.replace(day=1) - datetime.timedelta(days=40)
        year = start.year if start.month >= 7 else start.year - 1
        term = self.env["mentorship.term"].create(
            {
                "academic_year": f"{year}-{year + 1}",
                "term_number": "1",
                "date_start": start,
                "date_end": min(
                    today + datetime.timedelta(days=90), datetime.date(year + 1, 9, 30)
                ),
                "state": "running",
            }
        )
        user = new_test_user(
            self.env, login="mentor_photo", password="mentor_photo", groups="base.group_user"
        )
        mentor = self.env["hr.employee"].create({"name": "Photo Mentor", "user_id": user.id})
        school_class = self.env["school.class"].create(
            {"name": "Photo Class", "code": "PHOTO1", "grade_year": start.year}
        )
        assignment = self.env["mentorship.assignment"].create(
            {
                "term_id": term.id,
                "employee_id": mentor.id,
                "class_id": school_class.id,
                "date_start": term.date_start,
                "date_end": term.date_end,
            }
        )
        action = self.env.ref("mentorship_odoo.mentorship_assignment_action_my")
        self.start_tour(
            f"/odoo/action-{action.id}", "mentorship_log_photo_tour", login="mentor_photo"
        )
        entry = assignment.log_ids
        self.assertEqual(len(entry), 1)
        self.assertTrue(entry.has_evidence)
        self.assertEqual(entry.recorded_by_id, user)
        photo_file = entry.attachment_ids
        self.assertEqual(photo_file.name, "match.png")
        self.assertEqual((photo_file.res_model, photo_file.res_id), ("mentorship.log", entry.id))
        self.assertEqual(photo_file.mimetype, "image/png")
