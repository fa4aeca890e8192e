from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Seminars, police training and its cascade, study visits and publications."""

    name = "training"
    verbose_name = "Training"
