"""The documentation users read stays true: every setting documented, the CLI reference current."""
import subprocess
import sys

from conftest import ROOT
from eventwire.settings import SETTINGS


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"| {s.name} |" in readme, f"setting {s.name} is not in README.md's settings table"


def test_cli_reference_is_generated_from_the_current_help():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
