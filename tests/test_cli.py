import subprocess
import sys

from cloutlab import demo


def run(*args):
    return subprocess.run([sys.executable, "-m", "cloutlab", *args], capture_output=True, text=True, timeout=120)


def test_demo_list_prints_one_persona_a_line():
    r = run("demo", "--list")
    assert r.returncode == 0
    assert r.stdout.split() == list(demo.PERSONAS)


def test_bad_arguments_are_one_line_exit_2():
    for args in (["bogus"], [], ["demo"]):
        r = run(*args)
        assert r.returncode == 2
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cloutlab: error: "), r.stderr
        assert "Traceback" not in r.stderr
