"""CSV files for Excel in Sweden: exports, lägesbild and the walk roster."""
import csv
import io

# A cell starting with one of these is read as a formula by Excel and LibreOffice (OWASP
# "CSV injection"); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(header, rows):
    """A CSV file for Excel in Sweden: UTF-8 with a BOM, semicolons, and every cell
    guarded against being read as a formula."""
    out = io.StringIO()
    out.write("\ufeff")  # the BOM tells Excel the file is UTF-8 (å, ä, ö)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def safe_cell(value):
    """Text a spreadsheet shows as text: a would-be formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a number, negative or not, is never a formula
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
