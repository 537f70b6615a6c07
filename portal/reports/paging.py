"""Deep pages cheaply: the page's ids are found first (from an index alone, however far the
offset), then only those rows are loaded with their relationships. A page that is not full
(and holds something, or is the first) is the last one, so the total is known without
counting: a search that finds a few reports, or one case number, costs no count."""
from flask_sqlalchemy.pagination import SelectPagination

from portal.extensions import db


class IdsFirstPagination(SelectPagination):
    def _query_items(self):
        select = self._query_args["select"]
        entity = select.column_descriptions[0]["entity"]
        ids = db.session.scalars(
            select.with_only_columns(entity.id).limit(self.per_page).offset(self._query_offset)
        ).all()
        self._ids_found = len(ids)
        if not ids:
            return []
        rows = {row.id: row for row in db.session.scalars(
            select.where(entity.id.in_(ids)).order_by(None)
        ).unique()}
        return [rows[i] for i in ids if i in rows]

    def _query_count(self):
        total = self._query_args.get("total")
        if total is not None:
            return total()
        if self._ids_found < self.per_page and (self._ids_found or self.page == 1):
            return self._query_offset + self._ids_found  # the last page
        return super()._query_count()


def paginate(select, per_page, page=None, total=None):
    """Like db.paginate(select, page=…, per_page=…, max_per_page=…, error_out=False); page
    None reads ?page= as db.paginate does (portal.urls.page_arg bounds it first). total,
    when given, is a function that knows the number of rows without counting them."""
    return IdsFirstPagination(
        select=select, session=db.session, page=page, total=total,
        per_page=per_page, max_per_page=per_page, error_out=False, count=True,
    )
