"""The home page tells a recipient the comunicados waiting for their acknowledgement
(communications.selectors.home), a warning once one's acknowledge-by date has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from communications import services
from communications.models import Communique
from communications.selectors.home import home_tasks

pytestmark = pytest.mark.django_db


def test_waiting_comunicados_are_a_home_task_until_acknowledged(
    st_user, coalition, focal_point_hn, focal_point_gt, client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    draft = services.communique_create(
        by=st_user,
        subject="Informe semestral",
        body="Envíen sus informes.",
        audiences=[Communique.Audience.FOCAL_POINTS],
        countries=[coalition["HN"].country],
        acknowledge_by=today + dt.timedelta(days=3),
    )
    assert home_tasks(user=focal_point_hn, today=today) == []  # a draft reaches nobody
    with django_capture_on_commit_callbacks(execute=True):
        services.communique_send(by=st_user, communique=draft)

    [task] = home_tasks(user=focal_point_hn, today=today)
    assert task.level == "info" and task.url == "/communiques/inbox/"
    assert home_tasks(user=focal_point_gt, today=today) == []  # not a recipient
    [late] = home_tasks(user=focal_point_hn, today=today + dt.timedelta(days=4))
    assert late.level == "warning"
    client.force_login(focal_point_hn)
    assert "/communiques/inbox/" in client.get("/").content.decode()

    delivery = draft.deliveries.get(user=focal_point_hn)
    services.communique_acknowledge(user=focal_point_hn, delivery=delivery)
    assert home_tasks(user=focal_point_hn, today=today) == []
