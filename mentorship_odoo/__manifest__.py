{
    "name": "Class Mentors",
    "summary": "Class-mentor programme (班级导师制): selection, matching, handbook and term grades",
    "version": "19.0.1.0.0",
    "category": "Human Resources/Class Mentors",
    "author": "mentorship_odoo contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["hr", "mail", "survey", "base_tier_validation", "report_xlsx"],
    "data": [
        "security/mentorship_security.xml",
        "security/ir.model.access.csv",
        "data/mentorship_task_type_data.xml",
        "views/mentorship_task_type_views.xml",
        "views/mentorship_menus.xml",
    ],
    "demo": [
        "demo/mentorship_demo_users.xml",
    ],
}
