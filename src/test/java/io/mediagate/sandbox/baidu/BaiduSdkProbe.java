package io.mediagate.sandbox.baidu;

import com.baidu.aip.easydl.AipEasyDL;
import org.json.JSONObject;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * Baidu's official Java SDK ({@code com.baidu.aip:java-sdk}) calling the sandbox, run in a JVM of its own by
 * {@link BaiduSdkContractTest}. The SDK's token URL is fixed to {@code https://aip.baidubce.com/oauth/2.0/token}, so
 * this JVM resolves that host to the sandbox (what a hosts-file entry and a TLS proxy would do); every request the SDK
 * builds is otherwise its own. Prints one JSON line per call.
 *
 * <p>args: sandbox base URL of Baidu (http://127.0.0.1:port/baidu), API key, secret key, model, image file…
 */
public final class BaiduSdkProbe {

    public static void main(String[] args) throws Exception {
        String sandbox = args[0];
        URL.setURLStreamHandlerFactory(protocol -> !protocol.equals("https") ? null : new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL url) throws IOException {
                return openConnection(url, Proxy.NO_PROXY);
            }

            @Override
            protected URLConnection openConnection(URL url, Proxy proxy) throws IOException {
                if (!url.getHost().equals("aip.baidubce.com")) {
                    throw new IOException("only aip.baidubce.com is reachable from this probe: " + url.getHost());
                }
                return new URL(sandbox + url.getFile()).openConnection(proxy);
            }
        });
        AipEasyDL client = new AipEasyDL("sandbox-app", args[1], args[2]);
        client.setConnectionTimeoutInMillis(5000);
        client.setSocketTimeoutInMillis(10000);
        for (int i = 4; i < args.length; i++) {
            HashMap<String, Object> options = new HashMap<>();
            options.put("top_num", 3);
            JSONObject answer = client.sendImageRequest("https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/" + args[3],
                    Files.readAllBytes(Path.of(args[i])), options);
            System.out.println(answer.toString());
        }
    }
}
