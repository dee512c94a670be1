package io.mediagate.component;

import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the action kamelet of each vendor operation (src/main/resources/kamelets/), following the camel-kamelets
 * catalog's conventions, from the operation catalog: {@link ActionKameletsTest} checks that the shipped files are what
 * this writes, so a new operation gets its kamelet by running that test with {@code -Dkamelets.write=true}.
 */
final class ActionKamelets {

    static final String FOLDER = "src/main/resources/kamelets";

    /** A kamelet property that becomes one of the vendor's settings for the endpoint ({@code setting.<key>}). */
    record Setting(String name, String title, String description, boolean secret, String example) {
    }

    record VendorInfo(String product, String group, String icon, List<Setting> settings) {
    }

    private static final String CREDENTIALS_CHAIN = " Alibaba Cloud credentials come from the credential chain of the"
            + " application (ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, an STS token, the aliyun CLI"
            + " profile, an ECS RAM role).";

    static final Map<String, VendorInfo> VENDORS = Map.of(
            "opensearch", new VendorInfo("Alibaba Cloud OpenSearch AI Search", "OpenSearch", "#FF6A00", List.of(
                    new Setting("apiKey", "API Key", "The OpenSearch AI Search API key (Bearer). Without one"
                            + " the application's mediagate.opensearch.api-key applies, else mediagate's sandbox.", true, null),
                    new Setting("endpoint", "Endpoint", "The OpenSearch AI Search endpoint of your workspace",
                            false, "https://xxx.platform-cn-shanghai.opensearch.aliyuncs.com"))),
            "pai", new VendorInfo("Alibaba Cloud PAI multimedia analysis", "PAI", "#FF6A00", List.of(
                    new Setting("appId", "App Id", "The PAI service's AppId. Without one the application's"
                            + " mediagate.pai.app-id applies, else mediagate's sandbox.", false, null),
                    new Setting("token", "Token", "The PAI service's token", true, null),
                    new Setting("host", "Host", "The PAI service's host", false, null))),
            "baidu", new VendorInfo("Baidu EasyDL / BML", "Baidu", "#2932E1", List.of(
                    new Setting("apiKey", "API Key", "The Baidu application's API Key. Without one the"
                            + " application's mediagate.baidu.api-key applies, else mediagate's sandbox.", true, null),
                    new Setting("secretKey", "Secret Key", "The Baidu application's Secret Key", true, null))),
            "ice", new VendorInfo("Alibaba Cloud Intelligent Media Services (ICE)", "ICE", "#FF6A00", List.of(
                    new Setting("region", "Region", "The ICE region. Without one the application's"
                            + " mediagate.ice.region applies, else mediagate's sandbox." + CREDENTIALS_CHAIN, false,
                            "cn-shanghai"))),
            "bailian", new VendorInfo("Alibaba Cloud Model Studio (Bailian)", "Bailian", "#FF6A00", List.of(
                    new Setting("workspaceId", "Workspace Id", "The Bailian workspace. Without one the"
                            + " application's mediagate.bailian.workspace-id applies, else mediagate's sandbox."
                            + CREDENTIALS_CHAIN, false, null))));

    private ActionKamelets() {
    }

    static String fileName(OperationSpec spec) {
        return name(spec) + ".kamelet.yaml";
    }

    static String name(OperationSpec spec) {
        return spec.vendor() + "-" + spec.name() + "-action";
    }

    /** The kamelet of one operation, as the file holds it. */
    static String yaml(VendorOperation operation, String version) {
        OperationSpec spec = operation.spec();
        VendorInfo vendor = VENDORS.get(spec.vendor());
        StringBuilder y = new StringBuilder();
        y.append("# Written by ActionKamelets from mediagate's operation catalog; ActionKameletsTest checks it is up to date\n");
        y.append("apiVersion: camel.apache.org/v1\n");
        y.append("kind: Kamelet\n");
        y.append("metadata:\n");
        y.append("  name: ").append(name(spec)).append('\n');
        y.append("  annotations:\n");
        y.append("    camel.apache.org/kamelet.support.level: \"Preview\"\n");
        y.append("    camel.apache.org/catalog.version: \"").append(version).append("\"\n");
        y.append("    camel.apache.org/kamelet.icon: \"").append(icon(vendor.icon())).append("\"\n");
        y.append("    camel.apache.org/provider: \"mediagate\"\n");
        y.append("    camel.apache.org/kamelet.group: \"").append(vendor.group()).append("\"\n");
        y.append("    camel.apache.org/kamelet.namespace: \"AI\"\n");
        y.append("  labels:\n");
        y.append("    camel.apache.org/kamelet.type: \"action\"\n");
        y.append("spec:\n");
        y.append("  definition:\n");
        y.append("    title: \"").append(title(spec)).append("\"\n");
        y.append("    description: |-\n");
        for (String line : description(operation, vendor).split("\n")) {
            y.append(line.isEmpty() ? "" : "      " + line).append('\n');
        }
        y.append("    type: object\n");
        y.append("    properties:\n");
        for (Setting setting : vendor.settings()) {
            property(y, setting.name(), setting.title(), setting.description(), "string", null, setting.example(), setting.secret());
        }
        property(y, "params", "Params", "Params of every call as a JSON object, over the operation's configured defaults;"
                + " a job request's own params and the CamelMediagateParams header go over these", "string", null,
                example(spec), false);
        property(y, "fileName", "File Name", "The media's file name when the body is bytes or a stream and no"
                + " CamelMediagateFileName or CamelFileName header names it; its extension tells the media's type",
                "string", "media", null, false);
        if (spec.async()) {
            property(y, "pollFirstDelay", "First Poll Delay", "How long after the submit the task is first asked for"
                    + " its status (e.g. 5s); default: mediagate's schedule for the operation", "string", null, "5s", false);
            property(y, "pollMaxInterval", "Longest Poll Interval", "The longest wait between two status calls;"
                    + " default: mediagate's schedule for the operation", "string", null, "30s", false);
            property(y, "pollDeadline", "Deadline", "How long after the submit a task that has not ended fails with"
                    + " kind timeout; default: mediagate's schedule for the operation", "string", null, "2h", false);
        }
        if (operation.producesFiles()) {
            property(y, "artifactsDir", "Artifacts Folder", "A folder the files the operation produces are downloaded"
                    + " into (one folder per job below it), listed in the envelope's artifacts and the"
                    + " CamelMediagateArtifacts header; unset: none are downloaded", "string", null, "/data/covers", false);
        }
        y.append("  dependencies:\n");
        y.append("    - \"camel:kamelet\"\n");
        y.append("    - \"mvn:io.mediagate:mediagate:").append(version).append("\"\n");
        y.append("  template:\n");
        y.append("    from:\n");
        y.append("      uri: \"kamelet:source\"\n");
        y.append("      steps:\n");
        y.append("        - to:\n");
        y.append("            uri: \"mediagate:").append(spec.key()).append("\"\n");
        y.append("            parameters:\n");
        // the camelCase option name (setting.apiKey, the endpoint reads it as mediagate.<vendor>.api-key): Camel masks
        // apiKey, secretKey and token in the URIs it logs, not api-key
        for (Setting setting : vendor.settings()) {
            y.append("              ").append(MediagateEndpoint.SETTING_PREFIX).append(setting.name())
                    .append(": \"{{?").append(setting.name()).append("}}\"\n");
        }
        y.append("              params: \"{{?params}}\"\n");
        y.append("              fileName: \"{{fileName}}\"\n");
        if (operation.producesFiles()) {
            y.append("              artifactsDir: \"{{?artifactsDir}}\"\n");
        }
        if (spec.async()) {
            for (String poll : List.of("pollFirstDelay", "pollMaxInterval", "pollDeadline")) {
                y.append("              ").append(poll).append(": \"{{?").append(poll).append("}}\"\n");
            }
        }
        return y.toString();
    }

    private static void property(StringBuilder y, String name, String title, String description, String type,
                                 String defaultValue, String example, boolean secret) {
        y.append("      ").append(name).append(":\n");
        y.append("        title: \"").append(title).append("\"\n");
        y.append("        description: \"").append(description.replace("\"", "\\\"")).append("\"\n");
        y.append("        type: ").append(type).append('\n');
        if (defaultValue != null) {
            y.append("        default: \"").append(defaultValue).append("\"\n");
        }
        if (example != null) {
            y.append("        example: '").append(example).append("'\n");
        }
        if (secret) {
            y.append("        format: password\n");
            y.append("        x-descriptors:\n");
            y.append("          - urn:camel:group:credentials\n");
        }
    }

    private static String title(OperationSpec spec) {
        StringBuilder title = new StringBuilder(VENDORS.get(spec.vendor()).group());
        for (String word : spec.name().split("-")) {
            title.append(' ').append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return title.append(" Action").toString();
    }

    private static String description(VendorOperation operation, VendorInfo vendor) {
        OperationSpec spec = operation.spec();
        String media = spec.acceptsLocalFiles() && !operation.stagesLocalMedia()
                ? "the media (" + String.join(", ", new TreeSet<>(spec.extensions())) + ") as the body, or a job request"
                : "a job request";
        String request = !operation.takesMediaUrls() ? "\"oss\""
                : operation.ossPaths() == VendorOperation.OssPaths.REFUSED ? "\"url\"" : "\"url\" or \"oss\"";
        return "Calls " + vendor.product() + " " + spec.name() + " through mediagate: send " + media + " (JSON such as a"
                + " .job.json holds: " + request + ", and \"params\").\n\n"
                + (spec.async()
                ? "The task is submitted, then polled until it ends (mediagate's backoff, deadline and adaptive schedule),"
                + " without a thread waiting in between."
                : "The vendor answers at once.")
                + " The body becomes mediagate's result envelope (status, job, vendor, result); headers"
                + " CamelMediagateStatus, CamelMediagateTaskId, CamelMediagateRequestIds and CamelMediagateVendorCalls say"
                + " how the call went. A failure raises io.mediagate.component.MediagateVendorException with the error"
                + " record and its kind (input, auth, vendor, timeout).\n\n"
                + "Without credentials here or in the application's mediagate." + spec.vendor() + ".* properties, the"
                + " calls go to mediagate's in-process sandbox.";
    }

    private static String example(OperationSpec spec) {
        return spec.vendor().equals("baidu") ? "{\"model\": \"flowers\", \"top_num\": 3}" : "{}";
    }

    /** A plain badge in the vendor's colour: a frame with an eye, for "looks at media". */
    private static String icon(String colour) {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><rect x=\"4\" y=\"12\" width=\"56\""
                + " height=\"40\" rx=\"6\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"4\"/><circle cx=\"32\""
                + " cy=\"32\" r=\"9\" fill=\"" + colour + "\"/></svg>";
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> names(List<VendorOperation> operations) {
        List<String> names = new ArrayList<>();
        operations.forEach(operation -> names.add(fileName(operation.spec())));
        return names;
    }
}
