package io.mediagate.vendors;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Every configured vendor and its operations, looked up by the folder names {@code <vendor>/<operation>}. */
public final class VendorRegistry {

    private final Map<String, Vendor> vendors = new LinkedHashMap<>();
    private final Map<String, VendorOperation> operations = new LinkedHashMap<>();

    public VendorRegistry(List<Vendor> vendors) {
        for (Vendor vendor : vendors) {
            this.vendors.put(vendor.name(), vendor);
            for (VendorOperation operation : vendor.operations()) {
                operations.put(operation.spec().key(), operation);
            }
        }
    }

    public Collection<Vendor> vendors() {
        return vendors.values();
    }

    public Optional<Vendor> vendor(String name) {
        return Optional.ofNullable(vendors.get(name));
    }

    public Optional<VendorOperation> operation(String vendor, String operation) {
        return Optional.ofNullable(operations.get(vendor + "/" + operation));
    }

    public VendorOperation require(String vendor, String operation) {
        return operation(vendor, operation).orElseThrow(() ->
                new IllegalStateException("no operation " + vendor + "/" + operation));
    }

    public Collection<VendorOperation> operations() {
        return operations.values();
    }

    /** Operation folder names of one vendor, for error messages that tell where files can go. */
    public String operationNames(String vendor) {
        return operations.values().stream().map(VendorOperation::spec).filter(s -> s.vendor().equals(vendor))
                .map(OperationSpec::name).collect(Collectors.joining(", "));
    }

    public String vendorNames() {
        return String.join(", ", new TreeSet<>(vendors.keySet()));
    }
}
