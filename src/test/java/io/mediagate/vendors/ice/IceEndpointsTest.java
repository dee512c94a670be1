package io.mediagate.vendors.ice;

import com.aliyun.teaopenapi.models.Config;
import io.mediagate.config.Settings;
import io.mediagate.media.oss.OssStores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ICE is called where Alibaba's own ICE SDK calls it: the product's endpoint map, else ice.<region>.aliyuncs.com. */
class IceEndpointsTest {

    private static IceVendor liveIn(String region) {
        return new IceVendor(Settings.of(Map.of("mediagate.ice.region", region)), null, null, OssStores.none());
    }

    @Test
    void a_region_the_sdk_maps_to_the_central_host_is_called_there() {
        assertEquals("https://ice.aliyuncs.com", liveIn("cn-beijing").endpoint());
        assertEquals("https://ice.aliyuncs.com", liveIn("ap-southeast-1").endpoint());
    }

    @Test
    void a_region_of_its_own_is_called_at_its_regional_host() {
        assertEquals("https://ice.cn-shanghai.aliyuncs.com", liveIn("cn-shanghai").endpoint());
        assertEquals("https://ice.cn-guangzhou.aliyuncs.com", liveIn("cn-guangzhou").endpoint());
    }

    @Test
    void a_configured_endpoint_wins_and_a_bare_host_is_https() {
        IceVendor vendor = new IceVendor(Settings.of(Map.of("mediagate.ice.region", "cn-beijing",
                "mediagate.ice.endpoint", "ice-vpc.cn-beijing.aliyuncs.com")), null, null, OssStores.none());
        assertEquals("https://ice-vpc.cn-beijing.aliyuncs.com", vendor.endpoint());
    }

    @Test
    void every_region_gets_the_host_the_official_java_sdk_computes() throws Exception {
        List<String> regions = new ArrayList<>(IceEndpoints.CENTRAL_REGIONS);
        regions.addAll(List.of("cn-shanghai", "cn-guangzhou", "ap-northeast-2", "cn-heyuan", "eu-west-2"));
        for (String region : regions) {
            com.aliyun.ice20201109.Client sdk = new com.aliyun.ice20201109.Client(new Config()
                    .setRegionId(region).setAccessKeyId("id").setAccessKeySecret("secret"));
            assertEquals(sdk._endpoint, IceEndpoints.host(region), region);
        }
    }
}
