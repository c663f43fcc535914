from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "phalang.audit"
    label = "audit"
    verbose_name = "Audit log"
