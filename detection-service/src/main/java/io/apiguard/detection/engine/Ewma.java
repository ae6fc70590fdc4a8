package io.apiguard.detection.engine;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An exponentially weighted moving average with its exponentially weighted variance: the baseline of a figure that is
 * sampled once per window (calls per minute, bytes per window, distinct objects per window). "Far above the baseline"
 * is {@link #exceeds(double, double, double)}: above mean + k standard deviations and above a multiple of the mean.
 * Not thread-safe.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Ewma {

    private double mean;
    private double variance;
    private long samples;

    public Ewma() {}

    @JsonCreator
    Ewma(
            @JsonProperty("mean") double mean,
            @JsonProperty("variance") double variance,
            @JsonProperty("samples") long samples) {
        this.mean = mean;
        this.variance = variance;
        this.samples = samples;
    }

    /** Adds one sample with smoothing factor {@code alpha} (0..1, the weight of the new sample). */
    public void add(double value, double alpha) {
        if (samples == 0) {
            mean = value;
            variance = 0;
        } else {
            double diff = value - mean;
            double increment = alpha * diff;
            mean += increment;
            variance = (1 - alpha) * (variance + diff * increment);
        }
        samples++;
    }

    public double mean() {
        return mean;
    }

    public double deviation() {
        return Math.sqrt(Math.max(variance, 0));
    }

    public long samples() {
        return samples;
    }

    /** True once {@code minSamples} windows were seen: before that the baseline says nothing. */
    public boolean learned(int minSamples) {
        return samples >= minSamples;
    }

    /** The level above which {@code value} is far above this baseline. */
    public double threshold(double deviations, double factor) {
        return Math.max(mean + deviations * deviation(), factor * mean);
    }

    /** True when {@code value} is above {@link #threshold(double, double)}. */
    public boolean exceeds(double value, double deviations, double factor) {
        return value > threshold(deviations, factor);
    }
}
