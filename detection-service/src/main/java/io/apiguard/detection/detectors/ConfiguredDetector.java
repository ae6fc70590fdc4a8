package io.apiguard.detection.detectors;

import java.util.List;
import java.util.Map;

import io.apiguard.detection.engine.DetectorDefinition;

/** A detector definition built from configuration: name, types, categories, enabled flag and a settings record. */
abstract class ConfiguredDetector<S> implements DetectorDefinition {

    private final String name;
    private final List<String> types;
    private final List<String> owaspCategories;
    private final boolean enabled;
    protected final S settings;

    ConfiguredDetector(String name, List<String> types, List<String> owaspCategories, boolean enabled, S settings) {
        this.name = name;
        this.types = List.copyOf(types);
        this.owaspCategories = List.copyOf(owaspCategories);
        this.enabled = enabled;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> types() {
        return types;
    }

    @Override
    public List<String> owaspCategories() {
        return owaspCategories;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Map<String, Object> settings() {
        return DetectorDefinition.asView(settings);
    }
}
