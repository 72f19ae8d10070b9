from django.contrib.auth.management import create_permissions
from django.db import migrations

# Admin permission bundles for each panel role. The role itself lives in Membership; these
# groups only decide what a staff member of that role may touch in the admin site.
ROLE_GROUPS = {
    "Chief inspectors": {
        "view": ["district", "neighbourhoodteam", "localpriority", "sectiontemplate",
                 "panelmeeting", "agendaitem", "question", "feedback", "feedbackrating",
                 "scrutinyoutcome", "recommendation"],
        "add": ["engagementplan", "planversion", "plansection", "questionresponse",
                "progressupdate", "localpriority"],
        "change": ["engagementplan", "planversion", "plansection", "questionresponse",
                   "action", "localpriority", "neighbourhoodteam"],
    },
    "Community representatives": {
        "view": ["district", "communityorganisation", "panelmeeting", "agendaitem",
                 "engagementplan", "planversion", "plansection", "question"],
        "add": ["question", "feedback", "feedbackrating", "upvote"],
        "change": ["question", "feedback", "feedbackrating"],
    },
    "Panel secretariat": {
        "view": ["district", "neighbourhoodteam", "localpriority", "sector",
                 "communityorganisation", "membership", "profile", "invitation",
                 "sectiontemplate", "engagementplan", "planversion", "plansection",
                 "feedbackcriterion", "panelmeeting", "agendaitem", "attendance", "question",
                 "upvote", "questionresponse", "feedback", "feedbackrating", "changerecord"],
        "add": ["communityorganisation", "membership", "invitation", "panelmeeting",
                "agendaitem", "attendance", "sector", "sectiontemplate", "feedbackcriterion"],
        "change": ["communityorganisation", "membership", "invitation", "panelmeeting",
                   "agendaitem", "attendance", "question", "sector", "sectiontemplate",
                   "feedbackcriterion"],
    },
    "Commissioner's office": {
        "view": ["district", "neighbourhoodteam", "localpriority", "sector",
                 "communityorganisation", "membership", "sectiontemplate", "engagementplan",
                 "planversion", "plansection", "feedbackcriterion", "panelmeeting",
                 "agendaitem", "attendance", "question", "upvote", "questionresponse",
                 "feedback", "feedbackrating", "scrutinyoutcome", "correction",
                 "recommendation", "action", "progressupdate", "changerecord"],
        "add": ["scrutinyoutcome", "correction", "recommendation", "action"],
        "change": ["scrutinyoutcome", "recommendation", "action"],
    },
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{verb}_{model}" for verb, models in grants.items() for model in models]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="engagement", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial_domain_model"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
