"""Faults in scale-out: a dask worker killed mid-ensemble changes nothing in the results."""

from __future__ import annotations

import os
import signal
import threading
import time

import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.analysis.ensemble import run_ensemble
from peacetrap.analysis.uncertainty import priors


def test_an_ensemble_survives_a_killed_worker_with_identical_results(model, default_cal):
    distributed = pytest.importorskip("distributed")
    pair = pt.load_scenario(model, "sudden-peace"), pt.load_scenario(model, "long-grind")
    draws = priors(model, default_cal).draw(96, 5)
    undisturbed = run_ensemble(model, default_cal, *pair, draws, 12, chunk=8, progress=False)
    killed: list[int] = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=50) as cluster, \
            distributed.Client(cluster) as client:
        client.wait_for_workers(2, timeout=120)
        pids = list(client.run(os.getpid).values())

        def kill_one_mid_run() -> None:
            # once some chunk has finished (so the run is under way), kill a worker outright
            deadline = time.time() + 120
            while time.time() < deadline:
                done = client.run_on_scheduler(
                    lambda dask_scheduler: sum(ts.state == "memory"
                                               and str(ts.key).startswith("run_chunk")
                                               for ts in dask_scheduler.tasks.values()))
                if done >= 1:
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
                    return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_one_mid_run, daemon=True)
        killer.start()
        res = run_ensemble(model, default_cal, *pair, draws, 12, chunk=8, client=client,
                           progress=False)
        killer.join(timeout=5)
    assert killed, "no worker was killed: the run finished before any chunk was reported"
    pd.testing.assert_frame_equal(res.quantiles, undisturbed.quantiles)
    pd.testing.assert_frame_equal(res.headlines, undisturbed.headlines)
    assert res.quantiles.to_csv().encode() == undisturbed.quantiles.to_csv().encode()
