"""Prints one line per Schemathesis run from its JSON report, then the test cases of all runs.

Usage: python fuzz/summary.py REPORT_DIR...  (each the --report-dir of one run, named after it)

The last line reads "fuzz: N passed, N failed, N skipped", the closing line CI looks for: what
Schemathesis itself prints last ("== 2 warnings in 66s ==") names no test at all.
"""

import json
import sys
from pathlib import Path


def latest_report(report_dir):
    reports = sorted(Path(report_dir).glob("json-*.json"))
    return json.loads(reports[-1].read_text()) if reports else None


def digest(name, report):
    if report is None:
        return f"fuzz: {name}: no report (the run did not finish)"
    operations, cases = report["operations"], report["test_cases"]
    return (
        f"fuzz: {name}: {operations['tested']}/{operations['total']} operations, "
        f"{cases['generated']} test cases, {cases['unique_failures']} failures, "
        f"{len(report['errors'])} errors, {report['running_time']:.0f} s (seed {report['seed']})"
    )


def totals(reports):
    """Test cases over every run: a run without a report counts as one failure."""
    passed = failed = skipped = 0
    for report in reports:
        if report is None:
            failed += 1
            continue
        cases = report["test_cases"]
        run_failed = cases["with_failures"] + cases["errored"]
        failed += run_failed
        skipped += cases["without_checks"]
        passed += cases["generated"] - run_failed - cases["without_checks"]
    return f"fuzz: {passed} passed, {failed} failed, {skipped} skipped"


if __name__ == "__main__":
    reports = {Path(folder).name: latest_report(folder) for folder in sys.argv[1:]}
    for name, report in reports.items():
        print(digest(name, report))
    print(totals(reports.values()))
