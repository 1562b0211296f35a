package kz.qaqpa;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Typed reads of the configuration (application.properties with environment overrides). */
public record Settings(Function<String, String> source) {

    public String get(String key) {
        String value = source.apply(key);
        if (value == null) {
            throw new IllegalStateException("configuration key '" + key + "' is missing");
        }
        return value.trim();
    }

    public String getOrNull(String key) {
        String value = source.apply(key);
        return value == null ? null : value.trim();
    }

    public int integer(String key) {
        return Integer.parseInt(get(key));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(get(key));
    }

    public Duration duration(String key) {
        return Duration.parse(get(key));
    }

    public List<String> list(String key) {
        String value = getOrNull(key);
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
