"""Citizens' files in S3-compatible storage (S3_BUCKET), against a local S3 server the tests start (moto)."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta

import boto3
import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from moto.server import ThreadedMotoServer

from bench.server import free_port
from tests.conftest import logged_in_client
from tests.onestop.test_online import PDF, birth, form_data, url  # noqa: F401 (birth is a fixture)
from vidan.onestop import online
from vidan.onestop.models import Dossier, DossierFile, dossier_storage

BUCKET = "vidan-files"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local-secret", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """An empty bucket, and the storages the settings make of S3_BUCKET and S3_ENDPOINT_URL pointed at it."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storages = _settings_storages({"S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "us-east-1"})
    field = DossierFile._meta.get_field("file")
    with override_settings(STORAGES=storages):
        # The model's field took its storage when the models were loaded, as it does in production once the
        # settings name the bucket.
        monkeypatch.setattr(field, "storage", dossier_storage())
        yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _settings_storages(environment: dict) -> dict:
    """STORAGES as vidan/config/settings.py writes it in a process started with `environment`."""
    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, **environment, "DJANGO_SETTINGS_MODULE": "vidan.config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def keys(client) -> list[str]:
    return sorted(stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_without_a_bucket_the_files_stay_on_the_disk():
    storages = _settings_storages({"S3_BUCKET": ""})
    assert storages["dossier_files"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_submission_s_files_go_to_the_bucket_and_the_desk_downloads_them(commune, birth, bucket, desk_officer):  # noqa: F811
    # Given the platform storing its files in the bucket
    # When a citizen submits a dossier with its three documents online
    response = Client().post(url(commune, birth), form_data(birth))
    assert response.status_code == 302
    # Then the three files are objects of the bucket, under the private prefix, named as on the disk
    dossier = Dossier.objects.get()
    stored = list(DossierFile.objects.filter(dossier=dossier).order_by("pk"))
    assert keys(bucket) == sorted(f"private/{f.file.name}" for f in stored) and len(stored) == 3
    assert all(key.startswith(f"private/dossiers/{commune.pk}/") for key in keys(bucket))
    assert bucket.get_object(Bucket=BUCKET, Key=f"private/{stored[0].file.name}")["Body"].read() == PDF
    # And the desk officer downloads a file from the bucket through the back office
    response = logged_in_client(desk_officer).get(f"/staff/ho-so/{dossier.pk}/tep/{stored[0].pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_the_sweep_finds_stray_files_in_the_bucket(commune, birth, bucket, django_capture_on_commit_callbacks):  # noqa: F811
    # Given a submitted dossier, and a file a crash left in the bucket without its row
    Client().post(url(commune, birth), form_data(birth))
    storage = dossier_storage()
    stray = storage.save(f"dossiers/{commune.pk}/2026/01/left-by-a-crash.pdf", ContentFile(PDF))
    # When the sweep runs (every file counting as old)
    removed = online.dossier_files_sweep(older_than=timedelta(0))
    # Then the stray file is gone from the bucket and the dossier's three stay
    assert removed == 1 and f"private/{stray}" not in keys(bucket)
    assert keys(bucket) == sorted(f"private/{f.file.name}" for f in DossierFile.objects.all())
    # And a dossier deleted takes its files out of the bucket once the deletion is committed
    with django_capture_on_commit_callbacks(execute=True):
        Dossier.objects.get().delete()
    assert keys(bucket) == []
