package kz.qaqpa.mocks.eastana;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.qaqpa.mocks.soap.Csv;

/** A pre-school organisation (МБҰ) in the provider's register, with its current number of free places. */
public record Kindergarten(String code, String name, String district, String address, String phone, String headName,
                           int places) {
    public static final String DATA = "mocks/data/kindergartens.csv";

    public Kindergarten withPlaces(int newPlaces) {
        return new Kindergarten(code, name, district, address, phone, headName, newPlaces);
    }

    /** The register as shipped in {@value #DATA} (places = free places at the first start). */
    public static List<Kindergarten> loadDefault() {
        List<Kindergarten> list = new ArrayList<>();
        for (Map<String, String> row : Csv.load(DATA)) {
            list.add(new Kindergarten(row.get("code"), row.get("name"), row.get("district"), row.get("address"),
                    row.get("phone"), row.get("headName"), Integer.parseInt(row.get("places"))));
        }
        return list;
    }

    /** {@link #loadDefault()} by register number, in the file's order. */
    public static Map<String, Kindergarten> byCode() {
        Map<String, Kindergarten> map = new LinkedHashMap<>();
        loadDefault().forEach(k -> map.put(k.code(), k));
        return map;
    }
}
