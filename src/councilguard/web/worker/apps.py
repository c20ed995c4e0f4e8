from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "councilguard.web.worker"
    label = "worker"
    verbose_name = "Task workers"
