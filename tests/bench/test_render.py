"""The in-process benchmark of the HTML written in Python runs on the code as it is."""

from bench import render


def test_the_render_benchmark_times_every_page(capsys):
    # When it is run briefly, against no other revision
    render.main(["--number", "1", "--repeat", "1"])

    # Then it gives a figure for each queue page and for the lookup's cards
    lines = capsys.readouterr().out.splitlines()
    timed = [line.split("now")[0].strip() for line in lines if line.strip().endswith("µs")]
    assert timed == [
        "queue, open, new rows",
        "queue, simulated, new rows",
        "queue, open, same rows",
        "queue, simulated, same rows",
        "lookup card (x4)",
    ]


def test_its_pages_are_what_the_queue_and_the_lookup_show():
    render.django_setup()
    from vidan import workdays
    from vidan.onestop import lookup, queues

    calendar = workdays.Calendar()
    # Given the made-up rows of both pages, and the made-up dossiers
    pages = [render.queue_values(calendar, mix) for mix in (render.OPEN_QUEUE, render.SIMULATED)]
    cards = [
        lookup.lookup_card(lookup.lookup_page(view), lookup.page_texts())
        for view in render.lookup_views(calendar, lookup)
    ]

    # Then they are written as the pages write theirs: fifty rows, some late, some sent online; four cards
    for rows in pages:
        html = queues.queue_rows(rows, calendar, render.NOW)
        assert html.count("<tr") == 50 and html.count('href="/staff/ho-so/') == 50
    assert 'class="late"' in queues.queue_rows(pages[0], calendar, render.NOW)
    assert "(nộp trực tuyến)" in queues.queue_rows(pages[0], calendar, render.NOW)
    assert len(cards) == 4 and all(card.startswith('<section class="card">') for card in cards)
    assert "&lt;Tân Hóa&gt; &amp; xã" in cards[1]
