"""Publishing to a git branch: a bare repository as the remote, a dirty user checkout."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from publish_helpers import tree_bytes

from generator.publish import BadTargetError, ForceRequiredError, PublishError, publish

pytestmark = pytest.mark.usefixtures("git_env")
WHO = ["-c", "user.name=Analyst", "-c", "user.email=analyst@example.org"]


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def branch_files(repo: Path, branch: str) -> dict[str, bytes]:
    """The files of `branch` in `repo`, read with git archive (no checkout needed)."""
    data = subprocess.run(["git", "--git-dir", str(repo), "archive", "--format=tar", branch],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()  # type: ignore[union-attr]
                if m.isfile()}


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(path))
    return path


@pytest.fixture
def project(tmp_path: Path, site: Path) -> Path:
    """A user project that is a git repo, with staged, unstaged and untracked changes."""
    proj = tmp_path / "project"
    (proj / "content").mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=proj)
    (proj / "content/site.yaml").write_text("title: Parade\n")
    (proj / "notes.md").write_text("first\n")
    (proj / ".gitignore").write_text("site/\n")
    git("add", "-A", cwd=proj)
    git(*WHO, "commit", "-q", "-m", "content", cwd=proj)
    site.rename(proj / "site")
    (proj / "content/site.yaml").write_text("title: Parade (draft)\n")
    git("add", "content/site.yaml", cwd=proj)                # staged
    (proj / "notes.md").write_text("edited, not staged\n")   # unstaged
    (proj / "scratch.txt").write_text("untracked\n")         # untracked
    return proj


def snapshot(proj: Path) -> dict[str, object]:
    """The user's checkout as git sees it; `status` must not refresh the index itself."""
    return {
        "head": git("rev-parse", "HEAD", cwd=proj),
        "branch": git("symbolic-ref", "HEAD", cwd=proj),
        "index": (proj / ".git/index").read_bytes(),
        "status": git("--no-optional-locks", "status", "--porcelain", cwd=proj),
        "branches": git("branch", "--list", cwd=proj).split(),
        "files": tree_bytes(proj),
    }


def test_publish_commits_site_and_leaves_checkout_alone(project: Path, remote: Path) -> None:
    site = project / "site"
    before = snapshot(project)
    result = publish(site, f"git:{remote}", project_dir=project, echo=lambda s: None)
    assert snapshot(project) == before

    assert branch_files(remote, "gh-pages") == {**tree_bytes(site), ".nojekyll": b""}
    assert result.commit == git("--git-dir", str(remote), "rev-parse", "gh-pages")
    head = git("rev-parse", "--short=7", "HEAD", cwd=project)
    message = git("--git-dir", str(remote), "log", "-1", "--format=%s|%an <%ae>", "gh-pages")
    assert message == (f"Publish briefing from {head} (with uncommitted changes)"
                       "|briefing <briefing@localhost>")


def test_no_change_no_commit_then_one_commit_per_change(project: Path, remote: Path) -> None:
    site = project / "site"
    first = publish(site, f"git:{remote}#gh-pages", project_dir=project, echo=lambda s: None)
    again = publish(site, f"git:{remote}#gh-pages", project_dir=project, echo=lambda s: None)
    assert again.commit is None and again.uploaded == [] and again.deleted == []
    assert git("--git-dir", str(remote), "rev-parse", "gh-pages") == first.commit

    (site / "timeline/index.html").write_text("<!doctype html><title>T</title>\n")
    (site / "robots.txt").unlink()
    changed = publish(site, f"git:{remote}", project_dir=project, echo=lambda s: None)
    assert changed.uploaded == ["timeline/index.html"] and changed.deleted == ["robots.txt"]
    assert git("--git-dir", str(remote), "rev-parse", "gh-pages^") == first.commit
    assert git("--git-dir", str(remote), "rev-list", "--count", "gh-pages") == "2"
    assert "robots.txt" not in branch_files(remote, "gh-pages")


def test_keep_list_carried_over(project: Path, remote: Path, tmp_path: Path) -> None:
    site = project / "site"
    publish(site, f"git:{remote}", project_dir=project, echo=lambda s: None)
    # The user adds a CNAME on the branch by hand, as GitHub's settings page does.
    clone = tmp_path / "clone"
    git("clone", "-q", "-b", "gh-pages", str(remote), str(clone))
    (clone / "CNAME").write_text("briefing.example.org\n")
    git("add", "CNAME", cwd=clone)
    git(*WHO, "commit", "-q", "-m", "CNAME", cwd=clone)
    git("push", "-q", "origin", "gh-pages", cwd=clone)

    (site / "index.html").write_text("<!doctype html><title>New</title>\n")
    result = publish(site, f"git:{remote}", project_dir=project, echo=lambda s: None)
    assert result.plan.kept == ["CNAME"] and result.deleted == []
    assert branch_files(remote, "gh-pages")["CNAME"] == b"briefing.example.org\n"


def test_remote_name_and_own_repository(project: Path, remote: Path) -> None:
    site = project / "site"
    git("remote", "add", "origin", str(remote), cwd=project)
    before = snapshot(project)
    publish(site, "git:origin#pages", project_dir=project, echo=lambda s: None)
    assert ".nojekyll" in branch_files(remote, "pages")
    # Into the project's own repository: a new branch, the checkout left as it was.
    publish(site, f"git:{project}", project_dir=project, echo=lambda s: None)
    assert branch_files(project / ".git", "gh-pages") == branch_files(remote, "pages")
    after = snapshot(project)
    assert after.pop("branches") == ["gh-pages", "*", "main"]  # a new branch, still on main
    before.pop("branches")
    assert after == before


def test_dry_run_and_mass_delete_guard(project: Path, remote: Path, tmp_path: Path) -> None:
    site = project / "site"
    publish(site, f"git:{remote}", dry_run=True, project_dir=project, echo=lambda s: None)
    assert git("--git-dir", str(remote), "branch", "--list") == ""
    # Pointing at a branch holding something else (here the project's sources, many
    # files) would replace all of it: that needs --force.
    for i in range(30):
        (project / "content" / f"c{i}.yaml").write_text(f"n: {i}\n")
    git("add", "-A", cwd=project)
    git(*WHO, "commit", "-q", "-m", "more", cwd=project)
    git("push", "-q", str(remote), "main", cwd=project)
    with pytest.raises(ForceRequiredError):
        publish(site, f"git:{remote}#main", project_dir=project, echo=lambda s: None)


def test_bad_remote_is_a_clear_error(site: Path, tmp_path: Path) -> None:
    with pytest.raises(BadTargetError, match="neither a remote"):
        publish(site, f"git:{tmp_path / 'missing'}", echo=lambda s: None)
    not_repo = tmp_path / "plain"
    not_repo.mkdir()
    with pytest.raises(PublishError, match="Nothing was pushed"):
        publish(site, f"git:{not_repo}", echo=lambda s: None)
