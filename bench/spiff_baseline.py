"""SpiffWorkflow, the Python BPMN engine a user could pick instead, playing the same stages.

The item lifecycle is one BPMN process (`item_lifecycle.bpmn`): user tasks to prioritise,
decide, start, complete and follow up, and exclusive gateways that leave an item out. Each item
is one workflow instance, kept as SpiffWorkflow's own JSON serialization in a SQLite table
(WAL, as Årshjul's default store) and written back after each stage: executemany in one
transaction for the bulk stages, one transaction a move for the single transitions.

    python bench/spiff_baseline.py 1000
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from common import Stage, emit, timed
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

SAMPLE = 1000


class Store:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE instance (id TEXT PRIMARY KEY, state TEXT NOT NULL)")
        self.serializer = BpmnWorkflowSerializer()

    def load(self, item_id: str) -> BpmnWorkflow:
        [(state,)] = self.db.execute("SELECT state FROM instance WHERE id = ?", (item_id,))
        return self.serializer.deserialize_json(state)

    def write(self, workflows: dict[str, BpmnWorkflow], *, new: bool = False) -> int:
        """One transaction; returns the bytes written."""
        rows = [(self.serializer.serialize_json(w), i) for i, w in workflows.items()]
        self.db.execute("BEGIN IMMEDIATE")
        if new:
            self.db.executemany("INSERT INTO instance (state, id) VALUES (?, ?)", rows)
        else:
            self.db.executemany("UPDATE instance SET state = ? WHERE id = ?", rows)
        self.db.execute("COMMIT")
        return sum(len(state) for state, _ in rows)


def _act(workflow: BpmnWorkflow, task: str, **data: Any) -> None:
    """Complete the ready user task `task` with `data`, and run on to the next one."""
    [ready] = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert ready.task_spec.name == task, (ready.task_spec.name, task)
    ready.data.update(data)
    ready.run()
    workflow.do_engine_steps()


def _ended_at(workflow: BpmnWorkflow) -> str:
    ends = ("left_out", "left_out_by_management", "followed_up")
    done = [t.task_spec.name for t in workflow.get_tasks(state=TaskState.COMPLETED)]
    return next(name for name in ends if name in done)


def run(n: int) -> list[Stage]:
    parser = BpmnParser()
    parser.add_bpmn_file(str(Path(__file__).with_name("item_lifecycle.bpmn")))
    spec = parser.get_spec("item")
    stages = []
    with tempfile.TemporaryDirectory(prefix="arshjul-spiff-") as tmp:
        store = Store(Path(tmp) / "spiff.db")

        def create(ids: Sequence[str]) -> int:
            workflows = {}
            for item_id in ids:
                workflow = BpmnWorkflow(spec)
                workflow.do_engine_steps()
                workflows[item_id] = workflow
            return store.write(workflows, new=True)

        ids = [f"2028-{k:03d}" for k in range(1, n + 1)]
        carried = [f"2029-{k:03d}" for k in range(1, n + 1)]
        stage = Stage("spiffworkflow", "sqlite", n, "import", n)
        with timed(stage):
            written = create(ids)
        stage.extra["bytes_per_instance"] = written // n
        stages.append(stage)

        stage = Stage("spiffworkflow", "sqlite", n, "deadline", n)
        with timed(stage):
            moved = {}
            for item_id in ids:
                workflow = store.load(item_id)
                _act(workflow, "prioritise", choice="deprioritise")
                moved[item_id] = workflow
            store.write(moved)
        stages.append(stage)
        assert {_ended_at(store.load(i)) for i in ids} == {"left_out"}

        stage = Stage("spiffworkflow", "sqlite", n, "carry_over", n)
        with timed(stage):
            create(carried)
        stages.append(stage)

        sample = carried[:SAMPLE]
        stage = Stage("spiffworkflow", "sqlite", n, "transitions", 2 * len(sample))
        with timed(stage):
            for task, choice in (("prioritise", "prioritise"), ("decide", "decide")):
                for item_id in sample:
                    workflow = store.load(item_id)
                    _act(workflow, task, choice=choice)
                    store.write({item_id: workflow})
        stages.append(stage)

        stage = Stage("spiffworkflow", "sqlite", n, "execution", 3 * len(sample))
        with timed(stage):
            finished = {}
            for item_id in sample:
                workflow = store.load(item_id)
                for task in ("start", "complete", "follow_up"):
                    _act(workflow, task)
                finished[item_id] = workflow
            written = store.write(finished)
        stage.extra["bytes_per_finished_instance"] = written // len(sample)
        stages.append(stage)
        assert all(store.load(i).is_completed() for i in sample)
        assert {_ended_at(store.load(i)) for i in sample} == {"followed_up"}
        store.db.close()
    return stages


if __name__ == "__main__":
    emit(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
