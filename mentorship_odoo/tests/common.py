from odoo.tests import TransactionCase, new_test_user


class MentorshipCase(TransactionCase):
    """Shared setup: one user per role of the programme."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        groups = {
            "staff": "mentorship_odoo.group_mentorship_user",
            "department": "mentorship_odoo.group_mentorship_department",
            "discipline": "mentorship_odoo.group_mentorship_reviewer_discipline",
            "hr": "mentorship_odoo.group_mentorship_reviewer_hr",
            "office": "mentorship_odoo.group_mentorship_office",
            "president": "mentorship_odoo.group_mentorship_president",
            "manager": "mentorship_odoo.group_mentorship_manager",
        }
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"test_mentorship_{role}",
                groups=f"base.group_user,{group}",
                name=f"Test {role}",
            )
            for role, group in groups.items()
        }

    @classmethod
    def activate_chinese(cls):
        """Activate zh_CN and load this addon's translations for it."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", "mentorship_odoo")])._update_translations(
            ["zh_CN"], overwrite=True
        )
