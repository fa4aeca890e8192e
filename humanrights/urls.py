from django.urls import path

from . import views

app_name = "humanrights"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("recommendations/<int:pk>/", views.recommendation_page, name="recommendation"),
    path(
        "actions/activity-options/",
        views.action_activity_options,
        name="action_activity_options",
    ),
    path("milestones/", views.milestones, name="milestones"),
    path("notes/", views.note_list, name="note_list"),
    path("notes/add/", views.note_add, name="note_add"),
    path("notes/log/", views.note_log_page, name="note_log"),
    path("notes/<int:pk>/", views.note_detail, name="note_detail"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/share/", views.note_share_view, name="note_share"),
]
