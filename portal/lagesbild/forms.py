"""The lägesbild's filter: a period of Stockholm days, an area and a category. A GET form,
so a chosen view is a link that can be shared, and it works without JavaScript."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from portal.filterfields import FilterSelectField
from portal.lagesbild.buckets import Period
from portal.periods import DayField, add_months


class LagesbildFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    date_from = DayField(_l("From"), description=_l("Date as 2026-06-01."))
    date_to = DayField(_l("To and including"), description=_l("Compared with the same days a year earlier."))
    area = FilterSelectField(_l("Area"))
    category = FilterSelectField(_l("Category"))

    def __init__(self, categories, area_names, default_period, args):
        # The default period fills in for dates not in the query string at all; a date
        # sent empty is an error.
        formdata = MultiDict({"date_from": default_period.first.isoformat(),
                              "date_to": default_period.last.isoformat()})
        for key in args:
            formdata.setlist(key, args.getlist(key))
        super().__init__(formdata=formdata)
        self.area.choices = [("", _l("All areas"))] + list(area_names.items())
        self.category.choices = [("", _l("All categories"))] + [
            (str(c.id), c.name if c.is_active else _l("%(name)s (retired)", name=c.name))
            for c in categories
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        first, last = self.date_from.data, self.date_to.data
        for field, message in (
            (self.date_from, _l("Enter the first day of the period.")),
            (self.date_to, _l("Enter the last day of the period.")),
        ):
            if field.data is None and not field.errors:
                field.errors.append(message)
                valid = False
        if first and last:
            years = current_app.config["LAGESBILD_MAX_YEARS"]
            if last < first:
                self.date_to.errors.append(_l("The last day must be on or after the first day."))
                valid = False
            elif last >= add_months(first, 12 * years):
                self.date_to.errors.append(
                    _l("The period may be at most %(years)s years. Choose a shorter period.", years=years)
                )
                valid = False
        return valid

    def query_args(self):
        """The filter as query-string values, for links to the CSV files."""
        values = {
            "date_from": self.date_from.data.isoformat() if self.date_from.data else None,
            "date_to": self.date_to.data.isoformat() if self.date_to.data else None,
            "area": self.area.data,
            "category": self.category.data,
        }
        return {name: value for name, value in values.items() if value}

    def selection(self):
        """(Period, area slug or None, category id or None) of a valid form."""
        return (
            Period(self.date_from.data, self.date_to.data),
            self.area.data or None,
            int(self.category.data) if self.category.data else None,
        )
