"""Prints one line per Schemathesis run from its JSON report: operations, cases, failures.

Usage: python fuzz/summary.py REPORT_DIR...  (each the --report-dir of one run, named after it)
"""

import json
import sys
from pathlib import Path


def digest(report_dir):
    reports = sorted(Path(report_dir).glob("json-*.json"))
    if not reports:
        return f"fuzz: {Path(report_dir).name}: no report (the run did not finish)"
    report = json.loads(reports[-1].read_text())
    operations, cases = report["operations"], report["test_cases"]
    return (
        f"fuzz: {Path(report_dir).name}: {operations['tested']}/{operations['total']} operations, "
        f"{cases['generated']} test cases, {cases['unique_failures']} failures, "
        f"{len(report['errors'])} errors, {report['running_time']:.0f} s (seed {report['seed']})"
    )


if __name__ == "__main__":
    for report_dir in sys.argv[1:]:
        print(digest(report_dir))
