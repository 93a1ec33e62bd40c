"""Every role opens its home and every screen it can reach, as itself, the
way the web client reads them."""

import datetime

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import datetime as safe_eval_datetime
from odoo.tools.safe_eval import safe_eval

from .common import ROLE_GROUPS
from .test_evaluation import EvaluationCase

D = datetime.date
X2MANY = ("one2many", "many2many")


def specification(node, model):
    """The web client's field specification of a view node."""
    spec = {}
    for child in node.iterchildren(tag=etree.Element):
        if child.tag == "field":
            field = model._fields.get(child.get("name"))
            if field is None:
                continue
            if field.type in X2MANY:
                comodel = model.env[field.comodel_name]
                subview = next(
                    (
                        c
                        for c in child.iterchildren(tag=etree.Element)
                        if c.tag in ("list", "kanban")
                    ),
                    None,
                )
                sub = specification(subview, comodel) if subview is not None else {}
                spec[field.name] = {"fields": sub or {"display_name": {}}}
            elif field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        else:
            for name, value in specification(child, model).items():
                spec.setdefault(name, value)
    return spec


@tagged("post_install", "-at_install")
class TestScreensAsEachRole(EvaluationCase):
    """Issue journeys: no screen a role can reach fails with an access error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for role in ROLE_GROUPS:
            user = cls.users[role]
            if not user.employee_ids:
                cls.env["hr.employee"].create(
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "department_id": cls.class_a.department_id.id,
                    }
                )
        cls.logins = {**cls.users, "mentor": cls.mentor_a, "head_teacher": cls.head_user}

    def _eval_context(self, user):
        today = datetime.date.today()
        return {
            "uid": user.id,
            "context_today": lambda: today,
            "current_date": today.isoformat(),
            "datetime": safe_eval_datetime,
            "active_id": False,
            "active_ids": [],
            "allowed_company_ids": user.company_ids.ids,
        }

    def _open_action(self, user, action):
        """Open an action as the web client does: its views, the records of
        the first one, and the form of one record."""
        values = self._eval_context(user)
        context = safe_eval(action.context or "{}", values)
        domain = safe_eval(action.domain or "[]", values)
        model = self.env[action.res_model].with_user(user).with_context(**context)
        view_types = [v for v in action.view_mode.split(",") if v in ("list", "kanban", "form")]
        chosen = {view.view_mode: view.view_id.id for view in action.view_ids}
        if action.view_id:
            chosen.setdefault(action.view_id.type, action.view_id.id)
        result = model.get_views(
            [(chosen.get(view_type, False), view_type) for view_type in view_types]
        )
        views = result["views"]
        records = model.browse()
        for view_type in ("list", "kanban"):
            if view_type in views:
                arch = etree.fromstring(views[view_type]["arch"])
                found = model.web_search_read(domain, specification(arch, model), limit=3)
                records = model.browse([row["id"] for row in found["records"]])
                break
        if "form" in views and records:
            arch = etree.fromstring(views["form"]["arch"])
            records[:1].web_read(specification(arch, model))
        return len(records)

    def test_every_menu_of_every_role_opens(self):
        self.prepare_term()
        self.term.with_user(self.users["office"]).action_compute_grades()
        root = self.env.ref("mentorship_odoo.mentorship_menu_root")
        apply = self.env.ref("mentorship_odoo.mentorship_application_action_apply")
        opened = 0
        for role, user in self.logins.items():
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            menus = self.env["ir.ui.menu"].search(
                [("id", "child_of", root.id), ("id", "in", list(visible)), ("action", "!=", False)]
            )
            # reachable: the menu and each of its folders are visible
            menus = menus.filtered(
                lambda m, v=visible: all(
                    m_id in v for m_id in map(int, m.parent_path.strip("/").split("/"))
                )
            )
            self.assertTrue(menus, role)
            for menu in menus:
                action = menu.action
                with self.subTest(role=role, menu=menu.complete_name):
                    if action._name == "ir.actions.act_window":
                        try:
                            self._open_action(user, action.sudo())
                        except Exception as error:
                            raise AssertionError(
                                f"{role}: {menu.complete_name}: {error}"
                            ) from error
                    elif action._name == "ir.actions.server":
                        if action == apply:
                            continue  # opens a form for the open term; see its own tests
                        result = action.with_user(user).run()
                        self.assertEqual(result["type"], "ir.actions.act_window")
                    opened += 1
        self.assertGreater(opened, 40)

    def test_home_fits_whoever_opens_it(self):
        """The app opens on a home page for every role, never an error."""
        self.prepare_term()
        home = self.env.ref("mentorship_odoo.mentorship_home_action")
        cards = {}
        for role, user in self.logins.items():
            with self.subTest(role=role):
                action = home.with_user(user).run()
                Card = self.env["mentorship.home.card"].with_user(user)
                found = Card.search(action["domain"])
                self.assertTrue(found, role)
                cards[role] = found
                for card in found:
                    card.action_open()
        mentor_card = cards["mentor"].filtered(lambda c: c.kind == "class")
        self.assertEqual(mentor_card.assignment_id, self.assignment_a)
        office_cards = cards["office"].mapped("name")
        self.assertIn(self.term.name, office_cards)

    def test_mentor_logs_from_the_home_card(self):
        """Issue journeys: 记录工作 on the class card opens the form with the class set."""
        self.term.sudo().state = "running"
        action = (
            self.env.ref("mentorship_odoo.mentorship_home_action").with_user(self.mentor_a).run()
        )
        card = (
            self.env["mentorship.home.card"]
            .with_user(self.mentor_a)
            .search(action["domain"] + [("kind", "=", "class")])
        )
        self.assertTrue(card.can_log)
        log_action = card.action_log_work()
        self.assertEqual(log_action["res_model"], "mentorship.log")
        self.assertEqual(log_action["context"]["default_assignment_id"], self.assignment_a.id)
