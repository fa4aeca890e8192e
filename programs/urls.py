from django.urls import path

from . import offline
from .views import activities, approvals, budgets, dashboard, iati, options, quality, results

app_name = "programs"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("iati/", iati.iati_page, name="iati"),
    path("iati.xml", iati.iati_download, name="iati_download"),
    path("dialogue/", dashboard.dialogue, name="dialogue"),
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/add/", activities.activity_add, name="activity_add"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/approvals/", approvals.approval_queue, name="approvals"),
    path("quality/", quality.quality_page, name="quality"),
    path("projects/<int:pk>/results/", results.project_results, name="project_results"),
    path("indicators/", results.indicator_list, name="indicators"),
    path("projects/options/", options.project_options, name="project_options"),
    path("budgets/", budgets.budget_list, name="budgets"),
    path("projects/<int:pk>/budget/", budgets.project_budget, name="project_budget"),
    path("activities/<int:pk>/evidence/", activities.evidence_upload, name="evidence_upload"),
    path("activities/<int:pk>/comments/", activities.comment_post, name="comment_post"),
    *(
        path(
            f"activities/<int:pk>/{action}/",
            activities.activity_transition,
            {"action": action},
            name=f"activity_{action}",
        )
        for action in activities.TRANSITIONS
    ),
    path("evidence/<int:pk>/", activities.evidence_download, name="evidence_download"),
    # Offline entry at the centres (programs/offline.py): the service worker sits here, so
    # that its scope covers the activity pages.
    path("sw.js", offline.service_worker, name="offline_sw"),
    path("manifest.webmanifest", offline.manifest, name="offline_manifest"),
    path("offline/data.json", offline.offline_data, name="offline_data"),
    path("offline/sync/", offline.offline_sync, name="offline_sync"),
    path("offline/outbox/", offline.outbox, name="offline_outbox"),
]
