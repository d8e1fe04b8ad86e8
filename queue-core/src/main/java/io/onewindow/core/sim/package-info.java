/**
 * The simulator and the capacity planner: the production dispatcher driven through virtual days by Poisson
 * arrivals and sampled handling times, checked against queueing theory (Erlang C, Cobham) in its tests.
 * Plain Java; results are JSON for standard output.
 *
 * <pre>
 *  simulate --config FILE             plan --config FILE
 *        |                                  |
 *  SimulationConfig (API.md)          PlannerConfig (arrival profile, target, opening order)
 *        |                                  |
 *  Simulator: run i draws from        CapacityPlanner: per stretch h, n = 1, 2, ... windows:
 *  split i of SplittableRandom(seed)    replay stretches &lt; h as chosen, try n in h, drain, pool the runs
 *        |                                  |
 *        +---------------+------------------+
 *                        v
 *  HallSimulation.run: agenda of (time, seq) happenings, one thread
 *     arrival ---------> dispatcher.issue ----+--> WaitEstimator.estimatedWaitSeconds (metrics.HallMetrics)
 *                        free windows, longest idle first: callNext until one takes it
 *     window done -----> complete | noShow, then callNext (or wait free; or close if staffing shrank)
 *     segment ---------> rates change; open / close windows of the opening order
 *        |    every accepted command's Event --> WaitEstimator.record (in sequence order)
 *        v
 *  LockFreeDispatcher over a VirtualClock set to each happening's time (nothing here re-implements dispatch)
 *        |
 *        v
 *  RunResult (waits per category and class, busy time per window, ETA error)
 *        |
 *        v
 *  SimulationReport | StaffingPlan --toJson--> stdout
 * </pre>
 */
package io.onewindow.core.sim;
