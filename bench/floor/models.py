"""The floor's tables, and the marks the harness leaves of the data it generated."""

from django.db import models

# How many rows the floor table holds; the view draws its keys from this range.
FLOOR_ROWS = 1_000_000


def floor_key(n: int) -> str:
    return f"k{n:07d}"


class FloorRow(models.Model):
    key = models.CharField(max_length=12, unique=True)
    title = models.CharField(max_length=80)
    amount = models.BigIntegerField()
    day = models.DateField()
    note = models.CharField(max_length=120)

    def __str__(self):
        return self.key


class FloorSubmission(models.Model):
    """A row the write floor inserts: a name and a phone number from a form, and when they came."""

    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=20)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M}"


class Generated(models.Model):
    """A piece of benchmark data that exists in this database: what, which version, how long it took.

    The harness skips generating anything whose mark carries the current version.
    """

    name = models.CharField(max_length=40, unique=True)
    version = models.CharField(max_length=40)
    seconds = models.FloatField(default=0)
    detail = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name} {self.version}"


class OpenItem(models.Model):
    """An open dossier as far as deadlines go: when it came, its period, its stored due date.

    A million of them measure recomputing stored due dates after the calendar changes.
    """

    received_at = models.DateTimeField()
    working_days = models.IntegerField(null=True)
    calendar_days = models.IntegerField(null=True)
    due_at = models.DateTimeField()

    def __str__(self):
        return f"#{self.pk} due {self.due_at:%Y-%m-%d}"
