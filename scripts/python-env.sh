# Sourced by the other scripts: puts the project's Python environment (.venv, or $SHOPLENS_VENV) first on
# the PATH, creating it and installing requirements-dev.txt (and the files it includes) when they changed.
#
# The environment sees the system's site-packages because the package index of the machines this is built
# on does not serve moto or cfn-lint, which those machines' Python already has; every other package comes
# from the requirements files, and layers/model/tests/test_requirements.py fails when a Python file imports
# a third-party module that no requirements file declares.
shoplens_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHOPLENS_VENV=${SHOPLENS_VENV:-$shoplens_root/.venv}
shoplens_requirements=(requirements-dev.txt layers/model/*/requirements.txt scripts/services/requirements.txt)

if [ ! -x "$SHOPLENS_VENV/bin/python" ]; then
  echo "Creating the project's Python environment in $SHOPLENS_VENV"
  python3 -m venv --system-site-packages "$SHOPLENS_VENV"
fi
shoplens_stamp=$(cd "$shoplens_root" && cat "${shoplens_requirements[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$SHOPLENS_VENV/.requirements.sha256" 2>/dev/null)" != "$shoplens_stamp" ]; then
  echo "Installing $shoplens_root/requirements-dev.txt into $SHOPLENS_VENV"
  # No retries: where the default index is unreachable, pip would otherwise spend minutes retrying it for
  # every package before it turns to the configured local index.
  if ! PIP_RETRIES=${PIP_RETRIES:-0} PIP_DISABLE_PIP_VERSION_CHECK=1 "$SHOPLENS_VENV/bin/python" -m pip install \
      --quiet -r "$shoplens_root/requirements-dev.txt" > "$SHOPLENS_VENV/pip-install.log" 2>&1; then
    cat "$SHOPLENS_VENV/pip-install.log" >&2
    echo "Installing the Python requirements failed (log above, kept in $SHOPLENS_VENV/pip-install.log)" >&2
    return 1
  fi
  echo "$shoplens_stamp" > "$SHOPLENS_VENV/.requirements.sha256"
fi
# The project's own package (layers/model/shoplens_model) is importable in the environment, as an editable
# install would make it, without building anything.
shoplens_site=$("$SHOPLENS_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$shoplens_root/layers/model" > "$shoplens_site/shoplens.pth"
export VIRTUAL_ENV=$SHOPLENS_VENV
export PATH="$SHOPLENS_VENV/bin:$PATH"
unset shoplens_root shoplens_requirements shoplens_stamp shoplens_site
