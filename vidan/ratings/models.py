"""Ratings of services received, the one-time links that open them, and the kiosks at the desk.

What is rated is named by its kind ("dossier", "staff", …; vidan.ratings.kinds) and its id, not by a foreign
key: a kind belongs to the module that owns the thing, and this table must not depend on any one of them.
A rating keeps nothing of who gave it: no phone, no address, no token (NĐ 61/2018 Art. 27(3)).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 500


class RatingLevel(models.TextChoices):
    """The three levels of TT 01/2018/TT-VPCP, best first."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


# The levels a satisfaction rate counts as satisfied.
SATISFIED_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED)


class RatingChannel(models.TextChoices):
    RECEIPT = "receipt", _("QR code on the receipt")
    LOOKUP = "lookup", _("Dossier lookup page")
    SMS = "sms", _("Link sent by SMS")
    KIOSK = "kiosk", _("Kiosk at the desk")


class RatingInvitation(models.Model):
    """A one-time link to rate one service: only the token's hash is kept. One per service and channel, so the
    receipt printed again carries the same link (vidan.ratings.tokens)."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=20)
    subject_id = models.BigIntegerField()
    channel = models.CharField(_("channel"), max_length=10, choices=RatingChannel.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating link")
        verbose_name_plural = _("rating links")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_id", "channel"], name="rating_invitation_unique"),
        ]
        indexes = [models.Index(fields=["commune", "created_at"], name="rating_invitation_commune")]

    def __str__(self):
        return f"{self.kind} {self.subject_id} ({self.channel})"


class KioskDevice(models.Model):
    """A tablet at the desk on which citizens rate by a tap, registered by a staff member. The browser keeps a
    key in a cookie; only its hash is stored. `staff`: the officer at the counter, rated by the kiosk; empty,
    the desk's service is rated."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+", db_index=False)
    name = models.CharField(_("name"), max_length=80)
    staff = models.ForeignKey(
        "org.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer at the counter"),
    )
    key_hash = models.CharField(max_length=64, unique=True)
    registered_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating kiosk")
        verbose_name_plural = _("rating kiosks")
        indexes = [models.Index(fields=["commune", "registered_at"], name="kiosk_commune")]

    def __str__(self):
        return self.name


class Rating(models.Model):
    """One citizen's rating of one service. `facts` are what the data already knew of the service when it was
    rated (on time, early or late, an apology, the returns to the citizen), never asked; `answers` the questions
    of TT 01/2018 the citizen chose to answer."""

    commune = models.ForeignKey(
        "org.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"), db_index=False
    )
    kind = models.CharField(_("kind"), max_length=20)
    subject_id = models.BigIntegerField(null=True, blank=True)
    # "dossier:123" for a service that is rated once (vidan.ratings.kinds: `once`); empty for a kiosk's tap or an
    # officer rated again and again. Unique: the database refuses a second rating of the same service.
    service_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    # The officer the citizen dealt with (for a dossier, the one who received it at the desk): the aggregates
    # per officer. Never shown to the officer together with anything that could tell who rated.
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("officer")
    )
    service_code = models.CharField(_("procedure code"), max_length=40, blank=True)
    service_name = models.CharField(_("procedure"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=RatingChannel.choices)
    level = models.CharField(_("level"), max_length=20, choices=RatingLevel.choices)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    device = models.ForeignKey(KioskDevice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [
            models.Index(fields=["commune", "created_at"], name="rating_commune_period"),
            models.Index(fields=["commune", "staff", "created_at"], name="rating_commune_staff"),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_id or ''} {self.level}"

    @property
    def satisfied(self) -> bool:
        return self.level in SATISFIED_LEVELS


class InvitationCursor(models.Model):
    """How far the SMS invitations have read a kind's hand-overs (the last event id seen): `vidan tick` reads on
    from there, so each hand-over is invited once."""

    kind = models.CharField(max_length=20, unique=True)
    last_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.kind}: {self.last_id}"


class SurveyElement(models.TextChoices):
    """The five elements of the SIPAS survey (the index of satisfaction with public administrative services)."""

    ACCESS = "access", _("Access to the service")
    PROCEDURE = "procedure", _("The administrative procedure")
    OFFICIALS = "officials", _("The officials who served")
    RESULT = "result", _("The result received")
    FEEDBACK = "feedback", _("The handling of feedback and petitions")


class SurveyScore(models.IntegerChoices):
    VERY_UNSATISFIED = 1, _("Very unsatisfied")
    UNSATISFIED = 2, _("Unsatisfied")
    NEUTRAL = 3, _("Neither")
    SATISFIED = 4, _("Satisfied")
    VERY_SATISFIED = 5, _("Very satisfied")


class Survey(models.Model):
    """A SIPAS-style survey a commune opens for a period: a public link, and paper forms entered by officers."""

    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+", db_index=False)
    title = models.CharField(_("title"), max_length=160)
    date_from = models.DateField(_("period from"))
    date_to = models.DateField(_("period to"))
    code = models.CharField(max_length=32, unique=True)  # the public link's
    opened_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["commune", "opened_at"], name="survey_commune")]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SurveyResponse(models.Model):
    """One citizen's answers: a score of 1 to 5 for each element answered. Nothing of who answered is kept."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    commune = models.ForeignKey("org.Commune", on_delete=models.PROTECT, related_name="+", db_index=False)
    scores = models.JSONField(default=dict)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)
    on_paper = models.BooleanField(_("entered from a paper form"), default=False)
    entered_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["survey", "created_at"], name="survey_response_survey")]

    def __str__(self):
        return f"{self.survey} #{self.pk}"
