from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/add/", views.session_add, name="session_add"),
    path(
        "sessions/activity-options/",
        views.session_activity_options,
        name="session_activity_options",
    ),
    path("instructors/options/", views.instructor_options, name="instructor_options"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/results/", views.session_results, name="session_results"),
    path("sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/options/", views.course_options, name="course_options"),
    path("courses/<int:pk>/curriculum/", views.curriculum_download, name="curriculum"),
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/add/", views.trainee_add, name="trainee_add"),
    path("trainees/options/", views.trainee_options, name="trainee_options"),
    path("trainees/duplicates/", views.trainee_duplicates, name="trainee_duplicates"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("trainees/<int:pk>/edit/", views.trainee_edit, name="trainee_edit"),
    path("cascade/", views.cascade, name="cascade"),
    path("study-visits/", views.study_visit_list, name="study_visit_list"),
    path("bulletin/", views.bulletin_list, name="bulletin_list"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
]
