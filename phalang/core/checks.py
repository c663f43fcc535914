"""``phalang check --deploy``: what a production deployment must get right about its keys.

Every key comes from outside the data folder (lib/keys.py): a copy of the data folder, or of
a backup of it, must not carry the keys that would open it.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from django.core.checks import Error, Tags, Warning, register

from phalang.lib import keys
from phalang.lib.env import data_dir

HINT = "docs/deploy.md, section Keys"


@register(Tags.security, deploy=True)
def keys_held_apart(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    folder = data_dir()
    if keys.generating():
        problems.append(Error(
            "PHALANG_GENERATE_KEYS is not 0: a missing key would be invented on this machine",
            hint=f"Set PHALANG_GENERATE_KEYS=0 and provide every key ({HINT}).", id="phalang.E001"))
    if keys.inside(keys.keys_dir(), folder):
        problems.append(Error(
            f"the keys directory {keys.keys_dir()} lies inside the data folder {folder}",
            hint=f"Set PHALANG_KEYS_DIR to a directory outside PHALANG_DATA_DIR ({HINT}).", id="phalang.E002"))
    for name in keys.KEYS:
        where = keys.source(name)
        if not where:
            problems.append(Error(
                f"key '{name}' is missing ({keys.KEYS[name]})",
                hint=f"Create {keys.key_path(name)} with `phalang keys generate` ({HINT}).", id="phalang.E003"))
        elif where == "environment":
            problems.append(Warning(
                f"key '{name}' comes from the environment variable {keys.env_name(name)}",
                hint=f"Production keys are files in PHALANG_KEYS_DIR ({HINT}).", id="phalang.W001"))
        elif os.stat(where).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            problems.append(Warning(f"key file {where} can be read by other users",
                                    hint="chmod 600 it.", id="phalang.W002"))
    for path in keys.keys_in_data_folder():
        problems.append(Error(
            f"a key lies in the data folder: {path}",
            hint=f"Move every key to PHALANG_KEYS_DIR outside {folder}, then delete this file ({HINT}).",
            id="phalang.E004"))
    return problems
