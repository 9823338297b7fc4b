package io.portico.bench.routing;

import io.portico.proxy.routing.WeightedPicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Smooth weighted round-robin picks ({@code WeightedPicker.pick}) over {@code choices} choices with
 * random weights 1..100 (a weighted route's clusters, or a cluster's endpoints). {@code pick} runs
 * on one thread; {@code sharedByTwoThreads} has two threads pick from the same picker, as two event
 * loops sharing one route do (the picker's counter is one shared atomic).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WeightedPickerBenchmark {
  @Param({"1", "2", "10", "100"})
  public int choices;

  private WeightedPicker<String> picker;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    List<WeightedPicker.Weighted<String>> weighted = new ArrayList<>();
    for (int i = 0; i < choices; i++) {
      weighted.add(new WeightedPicker.Weighted<>("endpoint-" + i, 1 + random.nextInt(100)));
    }
    picker = WeightedPicker.of(weighted);
  }

  @Benchmark
  public String pick() {
    return picker.pick();
  }

  @Benchmark
  @Group("sharedByTwoThreads")
  @GroupThreads(2)
  public String sharedPick() {
    return picker.pick();
  }
}
