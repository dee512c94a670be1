package io.mediagate.vendors.ice;

import java.util.Set;

/**
 * The ICE host of a region, as Alibaba's official ICE SDKs choose it: the product's endpoint map first, then the
 * {@code regional} rule {@code ice.<region>.aliyuncs.com}. The map sends most regions, Beijing and Hangzhou among
 * them, to the central {@code ice.aliyuncs.com}; only regions missing from it (e.g. {@code cn-shanghai},
 * {@code cn-guangzhou}) get a host of their own. Copied from the SDK's client {@code Init}
 * (alibabacloud-go/ice-20201109 client.go at 9a99363, identical in com.aliyun:ice20201109 2.3.0);
 * {@code IceEndpointsTest} compares it with the Java SDK.
 */
public final class IceEndpoints {

    static final String CENTRAL = "ice.aliyuncs.com";

    /** The regions the SDK's endpoint map sends to {@link #CENTRAL} (every other entry of the map is regional). */
    static final Set<String> CENTRAL_REGIONS = Set.of("ap-northeast-1", "ap-northeast-2-pop", "ap-south-1", "ap-southeast-1",
            "ap-southeast-2", "ap-southeast-3", "ap-southeast-5", "cn-beijing", "cn-beijing-finance-1", "cn-beijing-finance-pop",
            "cn-beijing-gov-1", "cn-beijing-nu16-b01", "cn-chengdu", "cn-edge-1", "cn-fujian", "cn-haidian-cm12-c01",
            "cn-hangzhou", "cn-hangzhou-bj-b01", "cn-hangzhou-finance", "cn-hangzhou-internal-prod-1",
            "cn-hangzhou-internal-test-1", "cn-hangzhou-internal-test-2", "cn-hangzhou-internal-test-3", "cn-hangzhou-test-306",
            "cn-hongkong", "cn-hongkong-finance-pop", "cn-huhehaote", "cn-huhehaote-nebula-1", "cn-north-2-gov-1",
            "cn-qingdao", "cn-qingdao-nebula", "cn-shanghai-et15-b01", "cn-shanghai-et2-b01", "cn-shanghai-finance-1",
            "cn-shanghai-inner", "cn-shanghai-internal-test-1", "cn-shenzhen", "cn-shenzhen-finance-1", "cn-shenzhen-inner",
            "cn-shenzhen-st4-d01", "cn-shenzhen-su18-b01", "cn-wuhan", "cn-wulanchabu", "cn-yushanfang", "cn-zhangbei",
            "cn-zhangbei-na61-b01", "cn-zhangjiakou", "cn-zhangjiakou-na62-a01", "cn-zhengzhou-nebula-1", "eu-central-1",
            "eu-west-1", "eu-west-1-oxs", "me-east-1", "rus-west-1-pop", "us-east-1", "us-west-1");

    private IceEndpoints() {
    }

    /** The ICE host the official SDK calls for {@code region}. */
    public static String host(String region) {
        return CENTRAL_REGIONS.contains(region) ? CENTRAL : "ice." + region + ".aliyuncs.com";
    }

    /** The base URL for {@code region} (always https, as the SDK calls it). */
    public static String forRegion(String region) {
        return "https://" + host(region);
    }
}
