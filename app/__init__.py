"""BranchDesk core: domain rules, services, reports and the CLI. Never imports Qt."""


def __getattr__(name: str) -> str:
    # `app.__version__` is read only when a package or return file is written; looking it up
    # at import would put importlib.metadata (tens of ms) before the first window.
    if name != "__version__":
        raise AttributeError(f"module 'app' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("branchdesk")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0"
