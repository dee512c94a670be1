package io.mediagate.hostile;

import io.mediagate.media.DownloadPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which addresses the gateway may download media from (server-side request forgery): only public internet
 * addresses, decided from the address a name resolves to, before any connection. The policy is a pure decision:
 * names are resolved through a stub resolver (no real DNS), and nothing here opens a socket, so a refused target
 * is refused without a packet leaving the machine; the e2e side (never-hit servers) is in DownloadTargetsTest.
 */
class DownloadAddressPolicyTest {

    /** Names as a resolver would answer them; every lookup is recorded. */
    private final Map<String, String[]> dns = Map.of(
            "metadata.example", new String[]{"169.254.169.254"},
            "intranet.example", new String[]{"10.1.2.3"},
            "router.example", new String[]{"192.168.1.1"},
            "mixed.example", new String[]{"93.184.216.34", "127.0.0.1"},
            "v6loop.example", new String[]{"::1"},
            "media.example", new String[]{"93.184.216.34"},
            "media6.example", new String[]{"2606:2800:220:1:248:1893:25c8:1946"});
    private final List<String> lookups = new ArrayList<>();

    private final DownloadPolicy.Resolver stub = host -> {
        lookups.add(host);
        String[] answers = dns.get(host);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answers.length];
        for (int i = 0; i < answers.length; i++) {
            addresses[i] = InetAddress.getByAddress(host, InetAddress.getByName(answers[i]).getAddress());
        }
        return addresses;
    };

    private DownloadPolicy policy(String allow) {
        return new DownloadPolicy(allow, stub);
    }

    private static void assertRefused(DownloadPolicy policy, String url) {
        DownloadPolicy.Refused refused = assertThrows(DownloadPolicy.Refused.class, () -> policy.addresses(URI.create(url)), url);
        assertTrue(refused.getMessage().contains("public internet address"), refused.getMessage());
        assertTrue(refused.getMessage().contains("mediagate.download.allow"), "names the setting: " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // loopback, in every spelling
            "http://127.0.0.1/", "http://127.0.0.1:8080/a.jpg", "http://127.1.2.3/", "https://user@127.0.0.1/a.jpg",
            "http://user:pw@127.0.0.1:9/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]:8080/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/",
            // unspecified, "this network"
            "http://0.0.0.0/", "http://0.1.2.3/", "http://[::]/",
            // link-local and the cloud metadata address
            "http://169.254.169.254/latest/meta-data/", "http://169.254.0.1/", "http://[fe80::1]/", "http://[febf::1]/",
            "http://[::ffff:169.254.169.254]/",
            // private
            "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.255/",
            "http://192.168.0.1/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:192.168.1.1]/",
            // carrier-grade NAT, benchmarking, documentation, reserved, broadcast, multicast
            "http://100.64.0.1/", "http://100.127.255.254/", "http://198.18.0.1/", "http://192.0.2.1/",
            "http://240.0.0.1/", "http://255.255.255.255/", "http://224.0.0.1/", "http://239.255.255.250/",
            "http://[ff02::1]/", "http://[ff0e::1]/",
            // IPv4 carried in IPv6: NAT64, 6to4, Teredo, site-local
            "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::1]/", "http://[2002:a9fe:a9fe::1]/",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[fec0::1]/",
            // numeric forms other software reads as loopback: decimal, hex, octal, short
            "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://017700000001/",
            "http://127.1/", "http://127.0.1/", "http://0/", "http://3232235777/",
            // names resolving to such addresses
            "http://metadata.example/", "http://intranet.example/x.jpg", "http://router.example:8443/",
            "http://mixed.example/", "http://v6loop.example/",
    })
    void refuses_every_address_that_is_not_public(String url) {
        assertRefused(policy(""), url);
    }

    @Test
    void a_name_that_resolves_to_loopback_is_refused() {
        // the real resolver: localhost comes from the hosts file, nothing leaves the machine
        DownloadPolicy system = new DownloadPolicy("", InetAddress::getAllByName);
        assertRefused(system, "http://localhost/a.jpg");
        assertRefused(system, "http://localhost:8080/a.jpg");
        assertRefused(system, "http://LOCALHOST./a.jpg");
    }

    @Test
    void numeric_hosts_are_decided_without_asking_a_resolver() {
        for (String url : List.of("http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.0.0.1/",
                "http://[::1]/", "http://169.254.169.254/", "http://10.0.0.1/", "http://93.184.216.34/")) {
            try {
                policy("").addresses(URI.create(url));
            } catch (DownloadPolicy.Refused expected) {
                // the loopback, link-local and private ones
            }
        }
        assertEquals(List.of(), lookups, "IP literals and numeric forms never become DNS queries");
    }

    @Test
    void a_public_address_is_the_address_to_connect_to() throws Exception {
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), policy("").addresses(URI.create("http://93.184.216.34/a.jpg")));
        assertEquals(List.of(InetAddress.getByName("8.8.8.8")), policy("").addresses(URI.create("https://8.8.8.8:8443/a.jpg")));
        // just outside the refused blocks
        for (String edge : List.of("172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "11.0.0.1", "192.169.0.1",
                "169.255.0.1", "223.255.255.254")) {
            assertEquals(List.of(InetAddress.getByName(edge)), policy("").addresses(URI.create("http://" + edge + "/")), edge);
        }
        assertEquals(List.of(InetAddress.getByName("2606:4700::1111")), policy("").addresses(URI.create("http://[2606:4700::1111]/")));
        // a name: exactly the addresses that were checked, so the connection goes where the check looked
        List<InetAddress> resolved = policy("").addresses(URI.create("https://media.example/cat.jpg"));
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), resolved);
        assertEquals(List.of(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946")),
                policy("").addresses(URI.create("https://media6.example/cat.jpg")));
        assertEquals(List.of("media.example", "media6.example"), lookups);
    }

    @Test
    void the_refusal_reads_the_same_whatever_is_behind_the_address() {
        // refused before any connection: nothing about a port (open, closed) or a status can show in the message
        String open = assertThrows(DownloadPolicy.Refused.class, () -> policy("").addresses(URI.create("http://127.0.0.1:22/"))).getMessage();
        String closed = assertThrows(DownloadPolicy.Refused.class, () -> policy("").addresses(URI.create("http://127.0.0.1:1/"))).getMessage();
        assertEquals(open, closed);
        String unknown = assertThrows(DownloadPolicy.Refused.class, () -> policy("").addresses(URI.create("http://nowhere.example/"))).getMessage();
        String internal = assertThrows(DownloadPolicy.Refused.class, () -> policy("").addresses(URI.create("http://intranet.example/"))).getMessage();
        assertEquals(unknown.replace("nowhere.example", "HOST"), internal.replace("intranet.example", "HOST"),
                "a name that does not resolve and one that resolves inside read alike");
    }

    @Test
    void a_refusal_never_repeats_a_password_from_the_url() {
        for (String url : List.of("http://user:s3cret@127.0.0.1/a.jpg", "http://user:s3cret@0x7f.0.0.1/a.jpg",
                "http://user:s3cret@intranet.example/a.jpg")) {
            String message = assertThrows(DownloadPolicy.Refused.class, () -> policy("").addresses(URI.create(url))).getMessage();
            assertFalse(message.contains("s3cret"), message);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/a.jpg", "file:///etc/passwd", "jar:http://93.184.216.34/a!/b", "gopher://93.184.216.34/",
            "http:///a.jpg", "mailto:a@b.c"})
    void only_http_and_https_urls_with_a_host(String url) {
        DownloadPolicy.Refused refused = assertThrows(DownloadPolicy.Refused.class, () -> policy("").addresses(URI.create(url)), url);
        assertTrue(refused.getMessage().contains("http"), refused.getMessage());
    }

    @Test
    void the_allow_setting_opens_exactly_the_addresses_and_ports_it_names() throws Exception {
        DownloadPolicy policy = policy("127.0.0.1:8080, [::1]:9090 ,10.20.0.0/16, 192.168.7.7");
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), policy.addresses(URI.create("http://127.0.0.1:8080/a.jpg")));
        assertEquals(List.of(InetAddress.getByName("::1")), policy.addresses(URI.create("http://[::1]:9090/a.jpg")));
        assertEquals(List.of(InetAddress.getByName("10.20.3.4")), policy.addresses(URI.create("http://10.20.3.4:1234/a.jpg")));
        assertEquals(List.of(InetAddress.getByName("192.168.7.7")), policy.addresses(URI.create("http://192.168.7.7/a.jpg")));
        assertRefused(policy, "http://127.0.0.1:8081/a.jpg");
        assertRefused(policy, "http://127.0.0.1/a.jpg");
        assertRefused(policy, "http://127.0.0.2:8080/a.jpg");
        assertRefused(policy, "http://[::1]:8080/a.jpg");
        assertRefused(policy, "http://10.21.0.1/a.jpg");
        assertRefused(policy, "http://192.168.7.8/a.jpg");
        assertRefused(policy, "http://2130706433:8080/a.jpg");
        assertRefused(policy, "http://169.254.169.254/");
        // localhost also resolves to ::1, which is not allowed on 8080
        assertRefused(new DownloadPolicy("127.0.0.1:8080", host -> new InetAddress[]{InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("::1")}), "http://localhost:8080/a.jpg");
    }

    @Test
    void an_allow_entry_that_is_not_an_address_stops_the_start_naming_the_setting() {
        for (String bad : List.of("localhost:8080", "media.internal", "127.0.0.1:http", "10.0.0.0/33", "127.0.0.1:70000", "0x7f000001")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> policy(bad), bad);
            assertTrue(e.getMessage().contains("mediagate.download.allow"), e.getMessage());
        }
    }

    @Test
    void a_sandboxed_vendor_may_reach_the_sandbox_and_nothing_else_on_loopback() throws Exception {
        DownloadPolicy sandboxed = policy("").withSandbox("http://127.0.0.1:5555/baidu");
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), sandboxed.addresses(URI.create("http://127.0.0.1:5555/oss/b/k.jpg")));
        assertRefused(sandboxed, "http://127.0.0.1:5556/a.jpg");
        assertRefused(sandboxed, "http://[::1]:5555/a.jpg");
        assertRefused(policy(""), "http://127.0.0.1:5555/oss/b/k.jpg");
    }
}
