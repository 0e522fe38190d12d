"""Where a finding's file is for the code-scanning consumers (SARIF, GitLab Code Quality): a path relative
to the repository root, the way GitHub and GitLab match results to the files of a commit.

The root is the git top level (the nearest folder upward with a `.git` entry, a folder or a worktree's
file), else the configuration file's folder, else the working directory. Files outside the root keep
their absolute path."""

from __future__ import annotations

import os
from typing import Optional


def git_top_level(start: Optional[str] = None) -> Optional[str]:
    """The nearest folder from `start` (the working directory) upward that holds `.git`; no git needed."""
    from ..resources import upward

    return next((folder for folder in upward(start) if os.path.exists(os.path.join(folder, ".git"))), None)


def repo_root(config_root: Optional[str] = None, start: Optional[str] = None) -> str:
    """The repository root: git top level, else `config_root` (the configuration file's folder), else
    the working directory."""
    return git_top_level(start) or os.path.abspath(config_root or start or os.getcwd())


def relative_path(name: str, root: str) -> Optional[str]:
    """`name` (as shown: relative to the working directory, or absolute) relative to `root` with `/`
    separators; None when the file is not under `root`."""
    for resolve in (os.path.abspath, os.path.realpath):  # as reached (a symlinked folder in the repository),
        try:                                             # else with links resolved (/tmp -> /private/tmp)
            rel = os.path.relpath(resolve(name), resolve(root))
        except ValueError:  # another drive (Windows)
            continue
        if not (rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel)):
            return rel.replace(os.sep, "/")
    return None


def shown_path(name: str, root: str) -> str:
    """The repository-relative path of `name`, else its absolute path (with `/`)."""
    rel = relative_path(name, root)
    return rel if rel is not None else os.path.abspath(name).replace(os.sep, "/")
