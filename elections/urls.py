from django.urls import path

from . import views

app_name = "elections"

urlpatterns = [
    path("", views.election_index, name="election_list"),
    path("<int:pk>/", views.election_detail, name="election_detail"),
    path("milestones/<int:pk>/actual/", views.milestone_actual, name="milestone_actual"),
    path(
        "recommendations/<int:pk>/follow-up/",
        views.recommendation_update,
        name="recommendation_follow_up",
    ),
    path("briefings/", views.briefing_index, name="briefing_list"),
    path("briefings/add/", views.briefing_add, name="briefing_add"),
    path(
        "briefings/project-options/",
        views.briefing_project_options,
        name="briefing_project_options",
    ),
    path("ministries/<int:pk>/", views.ministry_detail, name="ministry_calendar"),
]
