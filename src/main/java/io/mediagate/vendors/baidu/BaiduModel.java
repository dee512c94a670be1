package io.mediagate.vendors.baidu;

import io.mediagate.auth.BaiduTokens;

/**
 * One deployed BML/EasyDL model: its folder name, the API URL the console gave for it, the default number of
 * classes to return, and the app credentials it belongs to.
 *
 * @param name        folder below {@code baidu/image-classify/} and value of {@code params.model}
 * @param url         e.g. {@code https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers}
 * @param topNum      {@code top_num} sent when a job does not give one (null: Baidu's default, 6)
 * @param credentials the API Key and Secret Key of the app the model is published to
 */
public record BaiduModel(String name, String url, Integer topNum, BaiduTokens.Credentials credentials) {
}
