"""Load the demo data set and one demo login per role; running it again changes nothing."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programs import roles
from programs.models import (
    Activity,
    Centre,
    Donor,
    ParticipantCategory,
    ParticipantCount,
    Pledge,
    Project,
    Region,
    User,
)

DEMO_PASSWORD = "untop-demo-2006"  # noqa: S105 (demo logins only; refused when DEBUG is off)

REGIONS = [
    ("TJ-DU", "Dushanbe", "Душанбе", "Душанбе"),
    ("TJ-SU", "Sughd", "Согдийская область", "Вилояти Суғд"),
    ("TJ-KT", "Khatlon", "Хатлонская область", "Вилояти Хатлон"),
    (
        "TJ-GB",
        "Gorno-Badakhshan",
        "Горно-Бадахшанская автономная область",
        "Вилояти Мухтори Кӯҳистони Бадахшон",
    ),
    (
        "TJ-RA",
        "Districts of Republican Subordination",
        "Районы республиканского подчинения",
        "Ноҳияҳои тобеи ҷумҳурӣ",
    ),
]

# No source lists the eight centres: this set is illustrative.
CENTRES = [
    ("dushanbe", "Dushanbe (head office)", "Dushanbe", "TJ-DU", True),
    ("khujand", "Khujand", "Khujand", "TJ-SU", False),
    ("kurgan-tyube", "Kurgan-Tyube", "Kurgan-Tyube", "TJ-KT", False),
    ("kulyab", "Kulyab", "Kulyab", "TJ-KT", False),
    ("shaartuz", "Shaartuz", "Shaartuz", "TJ-KT", False),
    ("garm", "Garm", "Garm", "TJ-RA", False),
    ("vahdat", "Vahdat", "Vahdat", "TJ-RA", False),
    ("khorog", "Khorog", "Khorog", "TJ-GB", False),
]

CATEGORIES = [
    ("government-officials", "Government officials"),
    ("party-activists", "Political party activists"),
    ("civil-society", "Civil society"),
    ("community-leaders", "Community leaders"),
    ("educators", "Educators"),
    ("lawyers", "Lawyers"),
    ("local-officials", "Local officials"),
    ("interior-ministry-staff", "Interior Ministry staff"),
    ("parliamentarians", "Parliamentarians"),
    ("judges", "Judges"),
    ("journalists", "Journalists"),
]

# Donor names are illustrative: the letter says only that donor countries pledged.
DONORS = [
    ("NOR", "Norway (illustrative)", "government", "NO"),
    ("CHE", "Switzerland (illustrative)", "government", "CH"),
    ("GBR", "United Kingdom (illustrative)", "government", "GB"),
    ("OSI", "Open Society Foundation (illustrative)", "foundation", ""),
]

PROJECTS = [
    (
        "ND-2005",
        "National dialogue on political pluralism and peace consolidation",
        "dialogue",
        datetime.date(2005, 6, 1),
        datetime.date(2006, 5, 31),
        "420000.00",
    ),
    (
        "CP-2005",
        "Human rights and conflict management seminars through the eight centres",
        "conflict",
        datetime.date(2005, 6, 1),
        datetime.date(2006, 12, 31),
        "610000.00",
    ),
    (
        "PR-2005",
        "Training of Interior Ministry personnel on international policing standards",
        "police",
        datetime.date(2005, 6, 1),
        datetime.date(2006, 12, 31),
        "540000.00",
    ),
]

PLEDGES = [
    ("NOR", "ND-2005", datetime.date(2006, 3, 15), "3300000.00", "NOK", "505000.00"),
    ("CHE", "CP-2005", datetime.date(2006, 4, 3), "780000.00", "CHF", "610000.00"),
    ("GBR", "PR-2005", datetime.date(2006, 4, 20), "300000.00", "GBP", "530000.00"),
    ("OSI", None, datetime.date(2006, 5, 5), "400000.00", "USD", "400000.00"),
]

DIALOGUE_TOWNS = ["dushanbe", "khujand", "kurgan-tyube", "kulyab", "garm", "khorog"]


def _activities():
    """The demo activities: (project, kind, title, start, centre, [(category, women, men)])."""
    rows = []
    for n, centre in enumerate(DIALOGUE_TOWNS):
        day = datetime.date(2005, 9, 5) + datetime.timedelta(days=30 * n)
        rows.append(
            (
                "ND-2005",
                "meeting",
                f"National dialogue meeting on political pluralism ({centre.title()})",
                day,
                centre,
                [
                    ("government-officials", 9 + n, 22),
                    ("party-activists", 8, 21 + n),
                    ("civil-society", 14, 12),
                ],
            )
        )
    for n, (centre, *_rest) in enumerate(CENTRES):
        day = datetime.date(2005, 10, 10) + datetime.timedelta(days=21 * n)
        rows.append(
            (
                "CP-2005",
                "seminar",
                f"Seminar on human rights and conflict management ({centre.title()})",
                day,
                centre,
                [
                    ("community-leaders", 18, 36),
                    ("educators", 31, 16),
                    ("lawyers", 9, 14),
                    ("local-officials", 6, 20 + n),
                ],
            )
        )
    rows.append(
        (
            "PR-2005",
            "training",
            "Training of instructors on international policing standards",
            datetime.date(2005, 11, 14),
            "dushanbe",
            [("interior-ministry-staff", 6, 34)],
        )
    )
    for n, centre in enumerate(["khujand", "kurgan-tyube", "kulyab", "garm", "khorog"]):
        rows.append(
            (
                "PR-2005",
                "training",
                f"Police training cascade, regional course ({centre.title()})",
                datetime.date(2006, 1, 16) + datetime.timedelta(days=14 * n),
                centre,
                [("interior-ministry-staff", 22, 180 + n)],
            )
        )
    return rows


USERS = [
    ("staff.khujand", "Dilnoza", "Rahimova", roles.PROGRAMME_STAFF, "khujand", False),
    ("staff.dushanbe", "Farrukh", "Nazarov", roles.PROGRAMME_STAFF, "dushanbe", False),
    ("manager", "Elena", "Petrova", roles.PROGRAMME_MANAGER, "dushanbe", True),
    ("hr.officer", "Zarina", "Saidova", roles.HUMAN_RIGHTS_OFFICER, "dushanbe", False),
    ("admin", "Sergei", "Ivanov", roles.ADMINISTRATOR, "dushanbe", True),
]


class Command(BaseCommand):
    help = "Load the demo data set (2005–06, illustrative names labelled) and demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load even when DEBUG is off (the demo logins share a known password)",
        )

    @transaction.atomic
    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Nothing was loaded: DEBUG is off, and the demo logins share a known password. "
                "Pass --allow-production to load them anyway."
            )
        regions = {}
        for code, en, ru, tg in REGIONS:
            regions[code], _ = Region.objects.update_or_create(
                code=code, defaults={"name_en": en, "name_ru": ru, "name_tg": tg}
            )
        centres = {}
        for code, name, town, region, head in CENTRES:
            centres[code], _ = Centre.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "town": town,
                    "region": regions[region],
                    "is_head_office": head,
                },
            )
        categories = {}
        for code, name in CATEGORIES:
            categories[code], _ = ParticipantCategory.objects.update_or_create(
                code=code, defaults={"name": name}
            )
        donors = {}
        for code, name, kind, country in DONORS:
            donors[code], _ = Donor.objects.update_or_create(
                code=code, defaults={"name": name, "kind": kind, "country": country}
            )
        projects = {}
        for code, title, area, start, end, budget in PROJECTS:
            projects[code], _ = Project.objects.update_or_create(
                code=code,
                defaults={
                    "title": title,
                    "area": area,
                    "start": start,
                    "end": end,
                    "budget_usd": Decimal(budget),
                    "status": Project.Status.ACTIVE,
                },
            )
            projects[code].centres.set(centres.values())
        for donor, project, day, amount, currency, usd in PLEDGES:
            Pledge.objects.update_or_create(
                donor=donors[donor],
                project=projects[project] if project else None,
                pledged_on=day,
                defaults={
                    "amount": Decimal(amount),
                    "currency": currency,
                    "amount_usd": Decimal(usd),
                },
            )

        users = {}
        for username, first, last, role, centre, back_office in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@untop.example.org",
                },
            )
            user.home_centre = centres[centre]
            user.is_staff = back_office
            if created:
                user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            users[username] = user

        for project, kind, title, start, centre, counts in _activities():
            activity, _ = Activity.objects.update_or_create(
                project=projects[project],
                title=title,
                start=start,
                defaults={
                    "kind": kind,
                    "end": start + datetime.timedelta(days=1),
                    "centre": centres[centre],
                    "status": Activity.Status.HELD,
                    "created_by": users["manager"],
                },
            )
            activity.participants.all().delete()
            ParticipantCount.objects.bulk_create(
                ParticipantCount(activity=activity, category=categories[c], women=w, men=m)
                for c, w, m in counts
            )

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {Activity.objects.count()} activities, "
                f"{Donor.objects.count()} donors, {Centre.objects.count()} centres."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role, centre, _bo in USERS:
            self.stdout.write(f"  {username:<16} {role} ({centres[centre].name})")
