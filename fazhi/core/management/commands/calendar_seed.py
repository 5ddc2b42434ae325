"""Load the 法定节假日 and 调休 days the chinese-calendar package knows into the calendar table."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.db.models.functions import ExtractYear

from fazhi.core.calendar_admin import package_years, seed_from_package
from fazhi.core.errors import ServiceError
from fazhi.core.models import CalendarDay
from fazhi.core.workdays import known_years


class Command(BaseCommand):
    help = "从 chinese-calendar 导入法定节假日和调休上班日（默认全部已知年度）；可重复运行，不覆盖管理员的修改。"

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="*", type=int, help="只导入这些年度，如 --years 2025 2026")

    def _counts(self, years):
        rows = (CalendarDay.objects.filter(date__year__in=years).annotate(y=ExtractYear("date"))
                .values("y").annotate(n=Count("pk")).order_by())
        return {row["y"]: row["n"] for row in rows}

    def handle(self, *args, **options):
        years = options.get("years") or package_years()
        before_years = known_years()
        before = self._counts(years)
        try:
            added = seed_from_package(years)
        except ServiceError as exc:
            raise CommandError(exc.message)
        after = self._counts(years)
        for year in sorted(years):
            new = after.get(year, 0) - before.get(year, 0)
            registered = "" if year in before_years else "，登记年度"
            if new or registered:
                self.stdout.write(f"{year} 年：新增 {new} 天{registered}")
        known = sorted(known_years())
        span = f"{known[0]}–{known[-1]} 年" if known else "无"
        if added == 0 and set(years) <= before_years:
            self.stdout.write(f"日历已是最新，无需导入。已登记年度：{span}")
        else:
            self.stdout.write(f"共新增 {added} 天。已登记年度：{span}")
