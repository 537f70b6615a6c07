"""News items and events over the period, written by the demo's editors and coordinators:
more than a page of each, a draft and a scheduled item, a cancelled event. The text is
Markdown rendered and cleaned by portal.markup exactly as the editors' form does."""
from datetime import UTC, datetime, time, timedelta

from portal.common.dates import date_and_time
from portal.common.slugs import SLUG_MAX, slugify
from portal.demo import texts
from portal.events.models import Event
from portal.events.services import EVENTS
from portal.markup import render_markdown
from portal.news.models import NewsItem, NewsTag, news_item_tag
from portal.news.services import NEWS
from portal.timeutil import STOCKHOLM, to_local

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]


def _local(day, clock):
    return datetime.combine(day, clock, tzinfo=STOCKHOLM).astimezone(UTC).replace(tzinfo=None)


class ContentMaker:
    def __init__(self, batch, rng, now, staff):
        self.batch, self.rng, self.now, self.staff = batch, rng, now, staff
        self.slugs, self.tags = set(), {}

    def _author(self):
        return self.rng.choice(self.staff.editors + self.staff.coordinators[:1])

    def news(self, first, every_days=24):
        """An item about every `every_days` days from `first`, a scheduled one and a draft."""
        when, number = first, 0
        while when < self.now + timedelta(days=10):
            topic, title, summary = texts.NEWS[number % len(texts.NEWS)]
            local = to_local(when)
            title = f"{title} ({MONTHS[local.month - 1]} {local.year})"
            draft = when > self.now and number % 2
            self.news_item(NEWS, title, summary, topic, when, None if draft else when)
            number += 1
            when += timedelta(days=every_days, hours=self.rng.randint(-30, 30))

    def news_item(self, kind, title, summary, topic, created, published):
        batch = self.batch
        slug = base = slugify(title)
        number = 2
        while slug in self.slugs:
            slug, number = f"{base[:SLUG_MAX - 4].rstrip('-')}-{number}", number + 1
        self.slugs.add(slug)
        body = texts.NEWS_BODY.format(summary=summary)
        author = self._author()
        item_id = batch.next_id(NewsItem)
        batch.add(NewsItem, id=item_id, slug=slug, title=title, summary=summary + " (Demo.)",
                  body_source=body, body_html=render_markdown(body), image_file=None, image_alt=None,
                  image_width=None, image_height=None, author_id=author.id, created_at=created,
                  edited_at=created, updated_at=created, published_at=published)
        batch.add(news_item_tag, news_item_id=item_id, news_tag_id=self._tag(topic))
        batch.audit(created, author, "news_created", str(kind.messages["created"]) % {"title": title, "when": ""},
                    details={"news_id": item_id})
        if published is not None:
            action = "scheduled" if published > self.now else "published"
            batch.audit(created, author, "news_published",
                        str(kind.messages[action]) % {"title": title, "when": date_and_time(published)},
                        details={"news_id": item_id, "published_at": published.isoformat()})

    def _tag(self, name):
        if name not in self.tags:
            self.tags[name] = self.batch.next_id(NewsTag)
            self.batch.add(NewsTag, id=self.tags[name], slug=slugify(name), name=name)
        return self.tags[name]

    def events(self, first, past_every_days=20, upcoming=24):
        """Past events about every `past_every_days` days, then `upcoming` coming ones."""
        rng, day, number = self.rng, to_local(first).date(), 0
        today = to_local(self.now).date()
        while day < today:
            self.event(day, number)
            number += 1
            day += timedelta(days=past_every_days + rng.randint(-4, 4))
        day = today + timedelta(days=2)
        for _n in range(upcoming):
            self.event(day, number, cancelled=number % 17 == 5)
            number += 1
            day += timedelta(days=rng.randint(3, 7))

    def event(self, day, number, cancelled=False):
        batch, rng = self.batch, self.rng
        title, description = texts.EVENTS[number % len(texts.EVENTS)]
        area = rng.choice(["Bjuv", "Billesholm", "Ekeby", "Skromberga", "Mörarp", "Gunnarstorp"])
        title, description = title.format(area=area), description.format(area=area) + " (Demo, påhittat.)"
        starts = _local(day, time(18, 0))
        created = min(starts - timedelta(days=rng.randint(10, 30)), self.now - timedelta(hours=1))
        author = self._author()
        event_id = batch.next_id(Event)
        batch.add(Event, id=event_id, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2),
                  place=f"{area}, {rng.choice(texts.LANDMARKS.get(slugify(area), ['Biblioteket']))}",
                  description_source=description, description_html=render_markdown(description),
                  is_cancelled=cancelled, sequence=1 if cancelled else 0, author_id=author.id,
                  created_at=created, edited_at=created, updated_at=created, published_at=created)
        for action in ("created", "published"):
            batch.audit(created, author, f"event_{action}",
                        str(EVENTS.messages[action]) % {"title": title, "when": date_and_time(created)},
                        details={"event_id": event_id})
