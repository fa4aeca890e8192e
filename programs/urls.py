from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/add/", views.activity_add, name="activity_add"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
]
