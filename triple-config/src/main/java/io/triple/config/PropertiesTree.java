package io.triple.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Java properties file ({@code dubbo.properties}, Spring Boot's {@code application.properties}) into the
 * tree YAML would give: {@code dubbo.protocol.port=50051} is {@code {dubbo: {protocol: {port: '50051'}}}}, and
 * {@code dubbo.provider.filter[0]=a} with {@code [1]=b} is the list {@code [a, b]}. Keys keep file order.
 */
final class PropertiesTree {

    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private PropertiesTree() {
    }

    static Map<String, Object> parse(String text, String source) {
        Map<String, String> flat = new LinkedHashMap<>();
        @SuppressWarnings("serial")
        Properties ordered = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                flat.remove(String.valueOf(key)); // a repeated key counts where it was last given
                flat.put(String.valueOf(key), String.valueOf(value));
                return super.put(key, value);
            }
        };
        try {
            ordered.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(source, null, "cannot be parsed as Java properties: " + e.getMessage(), e);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            put(root, e.getKey().trim(), e.getValue(), source);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, String value, String source) {
        String[] parts = key.split("\\.", -1);
        Map<String, Object> map = root;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new ConfigException(source, key, "empty part in the key (two dots, or a dot at an end)");
            }
            path.append(i == 0 ? "" : ".").append(part);
            boolean last = i == parts.length - 1;
            Matcher indexed = INDEXED.matcher(part);
            if (last && indexed.matches()) {
                Object existing = map.get(indexed.group(1));
                if (existing != null && !(existing instanceof List)) {
                    throw conflict(source, key, path);
                }
                List<Object> list = existing == null ? new ArrayList<>() : (List<Object>) existing;
                int index = Integer.parseInt(indexed.group(2));
                while (list.size() <= index) {
                    list.add(null);
                }
                list.set(index, value);
                map.put(indexed.group(1), list);
                return;
            }
            Object existing = map.get(part);
            if (last) {
                if (existing != null) {
                    throw conflict(source, key, path);
                }
                map.put(part, value);
                return;
            }
            if (existing == null) {
                Map<String, Object> child = new LinkedHashMap<>();
                map.put(part, child);
                map = child;
            } else if (existing instanceof Map) {
                map = (Map<String, Object>) existing;
            } else {
                throw conflict(source, key, path);
            }
        }
    }

    private static ConfigException conflict(String source, String key, CharSequence path) {
        return new ConfigException(source, key, "conflicts with another key: " + path
                + " is given both a value of its own and keys below it; keep one");
    }
}
