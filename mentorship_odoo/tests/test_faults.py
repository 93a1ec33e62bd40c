"""When the server lacks a tool or a request fails midway: a PDF without
wkhtmltopdf, Chinese without a CJK font, reminders without an outgoing mail
server, and a handbook entry whose photos cannot be stored."""

import base64
import contextlib
import datetime
import io
import json
import os
import subprocess
import unittest
import uuid
from collections import ChainMap
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time
from PIL import Image

from odoo import tools
from odoo.addons.base.models import ir_actions_report as base_report
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from ..models import ir_actions_report as mentorship_report
from .common import MentorshipCase, SelectionCase
from .test_handbook import HandbookCase

D = datetime.date
APPOINTMENT = "mentorship_odoo.action_report_mentorship_appointment"
APPLICATION = "mentorship_odoo.action_report_mentorship_application"
MAIL_LOGGER = "odoo.addons.mail.models.mail_mail"


def unique_photo():
    """A small real JPEG whose content nothing else stores."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buffer, format="JPEG", comment=uuid.uuid4().bytes)
    return buffer.getvalue()


def wkhtmltopdf_missing():
    """What Odoo finds on a server without wkhtmltopdf."""
    return patch.object(
        base_report, "_wkhtml", return_value=base_report._wkhtml()._replace(state="install")
    )


def appointment(env, office, staff):
    """The staff member's application, confirmed by a done appointment."""
    env.company.mentorship_document_code = "聊技师院发"
    term = env["mentorship.term"].create(
        {
            "academic_year": "2033-2034",
            "term_number": "1",
            "date_start": D(2033, 9, 1),
            "date_end": D(2034, 1, 20),
            "state": "review",
        }
    )
    employee = env["hr.employee"].create({"name": "张三丰", "user_id": staff.id})
    application = (
        env["mentorship.application"]
        .sudo()
        .create({"employee_id": employee.id, "term_id": term.id, "state": "reviewed"})
    )
    confirmation = (
        env["mentorship.confirmation"]
        .with_user(office)
        .create(
            {
                "term_id": term.id,
                "meeting_date": D(2033, 8, 10),
                "document_date": D(2033, 8, 10),
                "line_ids": [(0, 0, {"application_id": application.id})],
            }
        )
    )
    confirmation.action_done()
    return application, confirmation


@tagged("post_install", "-at_install")
class TestMissingTools(MentorshipCase):
    """The server lacks wkhtmltopdf or a font for Chinese: whoever prints is
    told what is missing, the log names the package, nothing else breaks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()
        cls.application, cls.confirmation = appointment(
            cls.env, cls.users["office"], cls.users["staff"]
        )

    def as_user(self, role, records):
        # tests render the HTML for a PDF unless asked to run wkhtmltopdf
        return records.with_user(self.users[role]).with_context(
            lang="zh_CN", force_report_rendering=True
        )

    def assert_pdf_tool_message(self, caught):
        message = str(caught.exception)
        self.assertIn("服务器上没有安装 PDF 生成工具 wkhtmltopdf", message)
        self.assertIn("apt-get install wkhtmltopdf", message)
        self.assertIn("系统管理员", message)

    def test_print_without_wkhtmltopdf(self):
        """The officer printing the appointment document and the staff member
        printing their application form are told, in Chinese, that the PDF
        tool is missing on the server and what the administrator installs."""
        Report = self.env["ir.actions.report"]
        cases = [
            ("office", self.confirmation, "action_print_document", APPOINTMENT),
            ("staff", self.application, "action_print_form", APPLICATION),
        ]
        with wkhtmltopdf_missing():
            # what the web client asks before it downloads a PDF
            self.assertEqual(
                Report.with_user(self.users["staff"]).get_wkhtmltopdf_state(), "install"
            )
            for role, record, method, report in cases:
                with self.subTest(role=role, report=report):
                    # the print button
                    with self.assertRaises(UserError) as caught:
                        getattr(self.as_user(role, record), method)()
                    self.assert_pdf_tool_message(caught)
                    # the PDF itself (print menu, /report/pdf, a mail attachment)
                    with self.assertRaises(UserError) as caught:
                        self.as_user(role, Report)._render_qweb_pdf(report, record.ids)
                    self.assert_pdf_tool_message(caught)
            # every PDF report of the programme says the same
            reports = Report.search(
                [("report_name", "=like", "mentorship_odoo.%"), ("report_type", "=", "qweb-pdf")]
            )
            self.assertGreaterEqual(len(reports), 5)
            for report in reports:
                with (
                    self.subTest(report=report.report_name),
                    self.assertRaises(UserError) as caught,
                ):
                    self.as_user("office", report).report_action([])
                self.assert_pdf_tool_message(caught)
            # nothing else breaks: the HTML of the document, the XLSX, the record
            html = (
                self.as_user("office", Report)
                ._render_qweb_html(APPOINTMENT, self.confirmation.ids)[0]
                .decode()
            )
            self.assertIn("张三丰", html)
            content, kind = self.as_user("office", Report)._render(
                "mentorship_odoo.term_results_xlsx", self.confirmation.term_id.ids
            )
            self.assertEqual((kind, content[:2]), ("xlsx", b"PK"))
        self.assertEqual(self.confirmation.state, "done")
        self.assertEqual(self.application.state, "confirmed")
        # with the tool back, the same button prints
        action = self.as_user("office", self.confirmation).action_print_document()
        self.assertEqual(
            (action["type"], action["report_name"]),
            ("ir.actions.report", "mentorship_odoo.report_mentorship_appointment"),
        )

    def test_core_message_without_the_addon_check(self):
        """Without the programme's check, core's own message says nothing of
        what to install: the addon's message is the one that reaches staff."""
        Report = self.as_user("office", self.env["ir.actions.report"])
        with (
            wkhtmltopdf_missing(),
            patch.object(type(Report), "_mentorship_check_pdf_tool", lambda self: None),
            self.assertRaises(UserError) as caught,
        ):
            Report._render_qweb_pdf(APPOINTMENT, self.confirmation.ids)
        self.assertNotIn("apt-get", str(caught.exception))

    def test_pdf_without_cjk_font_warns_in_the_log(self):
        """Without a font for Chinese, printing logs a warning that names
        fonts-noto-cjk; with one, nothing is logged. The PDF is still made."""
        Report = self.as_user("office", self.env["ir.actions.report"])
        with (
            patch.object(mentorship_report, "cjk_font_installed", return_value=False),
            self.assertLogs(mentorship_report.__name__, "WARNING") as logs,
        ):
            content, kind = Report._render_qweb_pdf(APPOINTMENT, self.confirmation.ids)
        self.assertEqual((kind, content[:5]), ("pdf", b"%PDF-"))
        self.assertEqual(len(logs.records), 1)
        self.assertIn("apt-get install fonts-noto-cjk", logs.output[0])
        with (
            patch.object(mentorship_report, "cjk_font_installed", return_value=True),
            self.assertNoLogs(mentorship_report.__name__, "WARNING"),
        ):
            Report._render_qweb_pdf(APPOINTMENT, self.confirmation.ids)
        # the HTML (read in the browser, with the browser's fonts) does not ask
        with (
            patch.object(mentorship_report, "cjk_font_installed", return_value=False),
            self.assertNoLogs(mentorship_report.__name__, "WARNING"),
        ):
            Report._render_qweb_html(APPOINTMENT, self.confirmation.ids)

    def test_server_start_warns_without_cjk_font(self):
        """The server warns at start; installing or upgrading a database does
        not (a machine with the fonts logs nothing either way)."""
        Report = self.env["ir.actions.report"]
        with (
            patch.object(mentorship_report, "cjk_font_installed", return_value=False),
            self.assertLogs(mentorship_report.__name__, "WARNING") as logs,
        ):
            Report._register_hook()
        self.assertIn("fonts-noto-cjk", logs.output[0])
        installing = ChainMap({"init": {"mentorship_odoo": True}}, tools.config.options)
        with (
            patch.object(mentorship_report, "cjk_font_installed", return_value=False),
            patch.object(tools.config, "options", installing),
            self.assertNoLogs(mentorship_report.__name__, "WARNING"),
        ):
            Report._register_hook()

    def test_cjk_font_detection(self):
        """fontconfig is asked for fonts covering Chinese; no answer is no
        verdict (no warning without fc-list)."""
        check = mentorship_report.cjk_font_installed.__wrapped__
        answers = {
            "Noto Serif CJK SC,Noto Serif CJK SC Bold\n": True,
            "": False,
        }
        for stdout, expected in answers.items():
            with (
                self.subTest(stdout=stdout),
                patch.object(
                    subprocess,
                    "run",
                    return_value=subprocess.CompletedProcess([], 0, stdout=stdout, stderr=""),
                ) as run,
            ):
                self.assertIs(check(), expected)
            self.assertEqual(run.call_args.args[0][:2], ["fc-list", ":lang=zh"])
        with patch.object(subprocess, "run", side_effect=FileNotFoundError("fc-list")):
            self.assertIsNone(check())
        with (
            patch.object(mentorship_report, "cjk_font_installed", return_value=None),
            self.assertNoLogs(mentorship_report.__name__, "WARNING"),
        ):
            self.env["ir.actions.report"]._mentorship_check_fonts()


@tagged("post_install", "-at_install", "mentorship_tour")
class TestPrintMenuWithoutWkhtmltopdf(HttpCase):
    def test_print_menu_without_wkhtmltopdf(self):
        """The officer prints the appointment document from the print menu:
        the server's message, in Chinese, instead of a page of HTML."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "mentorship_odoo")]
        )._update_translations(["zh_CN"], overwrite=True)
        office, staff = (
            new_test_user(
                self.env,
                login=login,
                password=login,
                groups=f"base.group_user,mentorship_odoo.group_mentorship_{group}",
                lang="zh_CN",
            )
            for login, group in (("pdf_office", "office"), ("pdf_staff", "user"))
        )
        application, confirmation = appointment(self.env, office, staff)
        with wkhtmltopdf_missing():
            self.start_tour(
                f"/odoo/mentorship.confirmation/{confirmation.id}",
                "mentorship_pdf_tool_tour",
                login="pdf_office",
            )
        self.assertEqual((confirmation.state, application.state), ("done", "confirmed"))


class SmtpSession:
    """A connection that was opened; sending on it fails (see send_email)."""

    def quit(self):
        return None


class NoMailServerMixin:
    """No outgoing mail server, and every attempt to reach one fails."""

    def setUp(self):
        super().setUp()
        self.env["ir.mail_server"].search([]).unlink()
        self.IrMailServer = type(self.env["ir.mail_server"])

    @contextlib.contextmanager
    def mail_fails(self, step="connect"):
        """Tests never send e-mails; here they try, as the server does, and
        fail: nobody answers on the SMTP port (connect), or the connection
        breaks while sending (send)."""
        refused = ConnectionRefusedError(111, "Connection refused")
        if step == "connect":
            connect = patch.object(self.IrMailServer, "_connect__", side_effect=refused)
            send = contextlib.nullcontext()
        else:
            connect = patch.object(self.IrMailServer, "_connect__", return_value=SmtpSession())
            send = patch.object(self.IrMailServer, "send_email", side_effect=refused)
        with patch.object(self.IrMailServer, "_disable_send", return_value=False), connect, send:
            yield

    def assert_no_failure_for(self, users):
        """No staff member sees a failed e-mail (the red envelope of the
        messages they wrote)."""
        failures = self.env["mail.notification"].search(
            [
                ("author_id", "in", users.partner_id.ids),
                ("notification_status", "in", ("exception", "bounce")),
            ]
        )
        self.assertFalse(failures)


@tagged("post_install", "-at_install")
class TestRemindersWithoutMailServer(NoMailServerMixin, HandbookCase):
    def test_daily_reminder_without_mail_server(self):
        """R-TASK-4: the daily reminder creates the mentor's activity although
        its e-mail cannot go out; the cron does not fail, nothing is undone."""
        self.log_term(up_to_month=10)
        self.assertEqual(self.mentor_b.notification_type, "email")
        cron = self.env.ref("mentorship_odoo.ir_cron_quota_reminders")
        activity_type = self.env.ref("mentorship_odoo.mail_activity_type_quota_reminder")
        with freeze_time("2025-10-26"), self.mail_fails("connect"):
            # the cron's code, as the cron's user
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        activity = self.assignment_b.activity_ids
        self.assertEqual(activity.activity_type_id, activity_type)
        self.assertEqual(activity.user_id, self.mentor_b)
        self.assertEqual(str(activity.date_deadline), "2025-10-31")
        # its e-mail is queued; the mail queue's run cannot reach a server
        mail = self.env["mail.mail"].search(
            [("model", "=", self.assignment_b._name), ("res_id", "=", self.assignment_b.id)]
        )
        self.assertEqual(mail.mapped("state"), ["outgoing"])
        self.assertIn(self.mentor_b.partner_id, mail.recipient_ids)
        with self.mail_fails("connect"):
            self.env["mail.mail"].process_email_queue()
        self.assertEqual(mail.state, "exception")
        self.assertIn("Connection refused", mail.failure_reason)
        # retried, it breaks while sending: still nothing undone
        mail.mark_outgoing()
        with self.mail_fails("send"), self.assertLogs(MAIL_LOGGER, "ERROR"):
            self.env["mail.mail"].process_email_queue()
        self.assertEqual(mail.state, "exception")
        self.assertEqual(self.assignment_b.activity_ids, activity)
        self.assert_no_failure_for(self.mentor_a | self.mentor_b | self.head_user)
        # the mentor sees the activity in their own to-dos
        mine = (
            self.env["mail.activity"]
            .with_user(self.mentor_b)
            .search([("user_id", "=", self.mentor_b.id)])
        )
        self.assertEqual(mine, activity)
        # the next run neither fails nor duplicates
        with freeze_time("2025-10-27"), self.mail_fails("connect"):
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertEqual(self.assignment_b.activity_ids, activity)


@tagged("post_install", "-at_install")
class TestReviewToDosWithoutMailServer(NoMailServerMixin, SelectionCase):
    def test_submission_without_mail_server(self):
        """R-REV-1: submitting creates each reviewer's to-do although no mail
        server answers; the applicant sees no error, the submission stays."""
        app = self.apply(self.senior)
        applicant = self.senior.user_id
        reviewers = self.users["office"] | self.users["discipline"] | self.users["hr"]
        with self.mail_fails("connect"):
            app.with_user(applicant).action_submit()
        self.assertEqual(app.state, "submitted")
        self.assertEqual(len(app.review_ids), 3)
        activity_type = self.env.ref("mentorship_odoo.mail_activity_type_application_review")
        todos = app.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertLessEqual(reviewers, todos.user_id)
        for user in reviewers:
            with self.subTest(reviewer=user.login):
                mine = (
                    self.env["mail.activity"]
                    .with_user(user)
                    .search([("user_id", "=", user.id), ("res_id", "=", app.id)])
                )
                self.assertEqual(len(mine), 1)
        self.assertFalse(
            self.env["mail.mail"].search([("state", "=", "exception")]),
            "no e-mail is attempted for the to-dos",
        )
        self.assert_no_failure_for(applicant | reviewers)


@tagged("post_install", "-at_install")
class TestEntryNeverHalfSaved(HandbookCase):
    """An entry with photo evidence is stored with its photos or not at all."""

    def setUp(self):
        super().setUp()
        self.Attachment = self.env["ir.attachment"]
        self.first, self.second = unique_photo(), unique_photo()
        self.files = [self.stored_path(raw) for raw in (self.first, self.second)]

    def stored_path(self, raw):
        checksum = self.Attachment._compute_checksum(raw)
        fname, _full_path = self.Attachment._get_path(raw, checksum)
        return self.Attachment._full_path(fname)

    def photos(self):
        return [
            (0, 0, {"name": name, "datas": base64.b64encode(raw).decode()})
            for name, raw in (("班会1.jpg", self.first), ("班会2.jpg", self.second))
        ]

    def entry(self, **values):
        with freeze_time("2025-09-04"):
            return self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity", **values)

    def fails(self, exception):
        """assertRaises without the savepoint Odoo's own adds around it: what
        is checked is what the failed request itself leaves behind."""
        return unittest.TestCase.assertRaises(self, exception)

    def count(self, table, column, value):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE %s = %s",
                SQL.identifier(table),
                SQL.identifier(column),
                value,
            )
        )
        return self.env.cr.fetchone()[0]

    def disk_full_after_first_photo(self):
        """The first photo is written, the second fails: the disk is full."""
        create = type(self.Attachment).create

        def create_one_then_fail(records, vals_list):
            create(records, vals_list[:1])
            raise OSError(28, "No space left on device")

        return patch.object(type(self.Attachment), "create", create_one_then_fail)

    def assert_nothing_stored(self, topic):
        self.env.invalidate_all()
        self.assertEqual(self.count("mentorship_log", "topic", topic), 0, "no entry")
        for name in ("班会1.jpg", "班会2.jpg"):
            self.assertEqual(self.count("ir_attachment", "name", name), 0, "no orphan photo")
        # the file already written is garbage: the filestore's cleaning removes it
        self.Attachment._gc_file_store_unsafe()
        self.assertFalse([path for path in self.files if os.path.exists(path)])

    def test_attachment_step_fails_midway(self):
        """The second photo cannot be stored after the first one was: neither
        the entry nor the first photo remains; the error reaches the mentor."""
        before = self.env["mentorship.log"].search_count([])
        with self.disk_full_after_first_photo(), self.fails(OSError):
            self.entry(topic="半途失败", attachment_ids=self.photos())
        self.assertTrue(os.path.exists(self.files[0]), "the first photo was written")
        self.assert_nothing_stored("半途失败")
        self.assertEqual(self.env["mentorship.log"].search_count([]), before)
        # without the failure, the entry and both photos are stored
        entry = self.entry(topic="半途失败", attachment_ids=self.photos())
        self.assertTrue(entry.has_evidence)
        self.assertEqual(len(entry.attachment_ids), 2)
        self.assertEqual(set(entry.attachment_ids.mapped("res_id")), {entry.id})
        self.assertEqual(
            [a.raw for a in entry.attachment_ids.sorted("name")], [self.first, self.second]
        )
        self.Attachment._gc_file_store_unsafe()
        self.assertTrue(all(os.path.exists(path) for path in self.files))

    def test_linking_the_photos_fails(self):
        """The photos are stored but linking them to the entry fails: nothing
        remains (the programme's own evidence step)."""
        Log = type(self.env["mentorship.log"])

        def broken(self):
            raise OSError(5, "Input/output error")

        with patch.object(Log, "_attach_evidence", broken), self.fails(OSError):
            self.entry(topic="链接失败", attachment_ids=self.photos())
        self.assert_nothing_stored("链接失败")

    def test_photo_added_to_an_entry_fails(self):
        """A change that adds photos to an entry is kept with them or not at
        all: the entry keeps its earlier topic and photos."""
        entry = self.entry(topic="篮球赛")
        with (
            freeze_time("2025-09-05"),
            self.disk_full_after_first_photo(),
            self.fails(OSError),
        ):
            entry.with_user(self.mentor_a).write(
                {"topic": "篮球赛决赛", "attachment_ids": self.photos()}
            )
        self.assertEqual(self.count("mentorship_log", "topic", "篮球赛决赛"), 0)
        self.assertEqual(entry.topic, "篮球赛")
        self.assertFalse(entry.attachment_ids)
        self.assertFalse(entry.has_evidence)
        self.assert_nothing_stored("篮球赛决赛")
        with freeze_time("2025-09-05"):
            entry.with_user(self.mentor_a).write(
                {"topic": "篮球赛决赛", "attachment_ids": self.photos()}
            )
        self.assertEqual((entry.topic, len(entry.attachment_ids)), ("篮球赛决赛", 2))
        self.assertTrue(entry.has_evidence)


@tagged("post_install", "-at_install", "mentorship_tour")
class TestDatabaseUnreachable(HttpCase):
    """Whoever was working while PostgreSQL restarted reads a clear Chinese
    message over JSON-RPC, not the database driver's text."""

    def test_request_while_the_database_restarts(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        new_test_user(self.env, login="outage_staff", groups="base.group_user", lang="zh_CN")
        self.authenticate("outage_staff", "outage_staff")
        TaskType = type(self.env["mentorship.task.type"])
        lost = psycopg2.OperationalError("server closed the connection unexpectedly")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "mentorship.task.type",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"context": {"lang": "zh_CN"}},
            },
        }

        def search_read(self, *args, **kwargs):
            raise lost

        with (
            patch.object(TaskType, "search_read", search_read),
            self.assertLogs("odoo.addons.mentorship_odoo.models.ir_http", "WARNING"),
        ):
            response = self.url_open(
                "/web/dataset/call_kw/mentorship.task.type/search_read",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200)
        error = response.json()["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn("暂时无法连接数据库", error["message"])
        self.assertNotIn("server closed", error["message"])
        # the same call answers again once the database is back
        response = self.url_open(
            "/web/dataset/call_kw/mentorship.task.type/search_read",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("result", response.json())
