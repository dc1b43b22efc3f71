"""What `vidmock contract` tells the person running it about the target's data: before a run,
whether a served vidmock's store is snapshotted; after it, the restore, or what was written."""

from __future__ import annotations

from rich.console import Console

from vidmock.admin.client import TOKEN_VARIABLE, ControlApiError
from vidmock.contract import mock_state
from vidmock.contract.runner import Result


def say_target(console: Console, target: mock_state.Guard, keep_changes: bool) -> None:
    """Before a run: whether the target's store will be snapshotted and restored."""
    if target.tenant is not None:
        console.print(
            f"vidmock at {target.control.root}: the run has a tenant of its own, {target.tenant}, "
            "dropped after the run."
        )
    elif target.kind == "vidmock" and not keep_changes:
        console.print(
            f"vidmock at {target.control.root}: its store is snapshotted, and restored after the run."
        )
    elif target.kind == "vidmock":
        console.print(f"vidmock at {target.control.root}: --keep-changes, what the run writes stays")
    elif target.kind == "refused":
        console.print(
            f"[bold yellow]Cannot snapshot[/]: {target.reason}. If this is a vidmock, set "
            f"{TOKEN_VARIABLE}; the run's writes will stay.",
            soft_wrap=True,
        )


def after_run(console: Console, target: mock_state.Guard, result: Result, keep_changes: bool) -> bool:
    """Put a served vidmock's store back, or say what the run wrote; False if a restore failed."""
    wrote = ", ".join(result.wrote) or "none"
    if target.tenant is not None:
        try:
            console.print(target.restore(), f"(the run wrote through: {wrote})", soft_wrap=True)
        except ControlApiError as exc:
            # Nothing else was touched: the tenant only lingers until the mock's --tenant-idle.
            console.print(f"[bold yellow]Tenant {target.tenant} not dropped[/]: {exc}", soft_wrap=True)
    elif target.kind == "vidmock" and target.snapshot is not None:
        try:
            with console.status("Restoring the mock's store..."):
                console.print(target.restore(), f"(the run wrote through: {wrote})", soft_wrap=True)
        except ControlApiError as exc:
            console.print(f"[bold red]NOT RESTORED[/]: {exc}", soft_wrap=True)
            console.print(f"The mock keeps what these operations wrote: {wrote}", soft_wrap=True)
            return False
    elif target.kind == "vidmock":
        console.print(f"Kept (--keep-changes): what these operations wrote: {wrote}", soft_wrap=True)
    elif target.kind == "refused":
        console.print(
            f"[bold red]NOT RESTORED[/]: the control API at {target.control.root}/__admin refused. "
            f"Data was written by: {wrote}",
            soft_wrap=True,
        )
    elif result.wrote:
        console.print(
            f"[bold yellow]Data was written[/] to {base_url_of(result)} by: {wrote}", soft_wrap=True
        )
    else:
        console.print("No operation wrote (no 2xx to a POST, PUT, PATCH or DELETE).")
    return True


def base_url_of(result: Result) -> str:
    return ", ".join(dict.fromkeys(run.base_url for run in result.runs))
