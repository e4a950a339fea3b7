/**
 * Plan and training, steps 2 and 5 of the data path: {@link djlab.train.RunPlan} checks everything knowable before
 * training; {@link djlab.train.Runner} trains a planned run with DJL's trainer and records it. The learning-rate
 * schedules have one home each ({@link djlab.train.ScheduleKind}).
 */
package djlab.train;
