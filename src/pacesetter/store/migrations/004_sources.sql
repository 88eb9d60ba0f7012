-- Citable sources: the original publisher and document of a figure, and whether its address is
-- the publisher's own page or a mirror or reprint (publisher, document, source_kind; rules in
-- data/macro/PUBLISHERS.md). Status gains not_stated (未注明): a figure is preliminary, final or
-- revised only where its source says so.
--
-- Existing stores: the embedded dataset's loader marked every figure "final" unless its text said
-- otherwise. Those assumed statuses become not_stated: rows of the seed article, the census
-- compilation, the national monthly series (AFAN macropage) and the pages of macro/figures.csv
-- (no row of that file states "final"). source_kind is filled per page from that file; publisher
-- and document stay NULL ("not recorded") until the store is rebuilt (`pacesetter init --demo --force`).
-- Rows imported by users keep the status they gave.
DROP INDEX observations_key;
ALTER TABLE observations ADD COLUMN publisher VARCHAR;
ALTER TABLE observations ADD COLUMN document VARCHAR;
ALTER TABLE observations ADD COLUMN source_kind VARCHAR;
CREATE INDEX observations_key ON observations (indicator_id, region_code, period);
CREATE TEMP TABLE _pacesetter_macro_pages (url VARCHAR, kind VARCHAR);
INSERT INTO _pacesetter_macro_pages VALUES
    ('http://88model.cn/ccms/guancha/2023/0420/118009.html', 'reprint'),
    ('http://anhui.3158.cn/info/20150728/n86394335113796.html', 'reprint'),
    ('http://big5.china.com.cn/gate/big5/sd.china.com.cn/a/2016/shouyejinriyaowen_0824/669357.html', 'news'),
    ('http://cscaiwang.cn/dujia/20200730/13851.html', 'reprint'),
    ('http://daily.cnnb.com.cn/nbrb/html/2021-01/27/content_1259203.htm?div=-1', 'news'),
    ('http://daily.cnnb.com.cn/nbwb/html/2022-02-24/content_1309186.htm?div=-1', 'news'),
    ('http://daily.cnnb.com.cn/nbwb/html/2022-04/11/content_1314886.htm?div=-1', 'news'),
    ('http://dfljlh.com.cn/newsshow-132-601-1.html', 'unknown'),
    ('http://e.guhantai.com/e/20211221/9437.html', 'reprint'),
    ('http://finance.qingdaonews.com/content/2022-08/05/content_23316452.htm', 'news'),
    ('http://finance.qingdaonews.com/content/2025-12/19/content_23707742.htm', 'news'),
    ('http://gkdzy.cn/caijing/60826.html', 'reprint'),
    ('http://gmfzsk.com/xqxz/143.html', 'reprint'),
    ('http://haiptao.com/szsrmzf/szyw/202401/17230ab3d88f44a295ec894e5713b2db.shtml', 'reprint'),
    ('http://ihrv.cn/article/3000137939', 'reprint'),
    ('http://js315ccn.com.cn/html/news/detail_2018_04/26/68927.shtml', 'reprint'),
    ('http://m.hainiu11.com/newscenter/native/city/20180718/t20180718_524304910.shtml', 'reprint'),
    ('http://m.isunte.cn/p/109988.html', 'reprint'),
    ('http://m.iz83.cn/article/850', 'reprint'),
    ('http://m.jsj.eeju.com/redian/2023/0731/4867.html', 'reprint'),
    ('http://m.njxqhms.com/gaozhongwuli/zongheyuqita/2025-12-13/227951.html', 'reprint'),
    ('http://m.tytiida.com/xin/2024/331139.html', 'reprint'),
    ('http://m.xiaomonv0755.com/tjgb/06ln/37949.html', 'reprint'),
    ('http://m.zjsychem.com/news/xmnews/cjdc/2018-02-03/2100797.html', 'reprint'),
    ('http://nakedbustytits.com/shandong/shandonggedi/20211029/4986090.shtml', 'reprint'),
    ('http://news.bandao.cn/a/381997.html', 'news'),
    ('http://news.news6.com.cn/jd/2023/0428/19715.html', 'reprint'),
    ('http://newsfd.com/doc/2023/04/11/3935142.shtml', 'reprint'),
    ('http://qingdao.dzwww.com/jjqt/202302/t20230202_11359302.htm', 'news'),
    ('http://tulizeni.org/p/432460.html', 'reprint'),
    ('http://www.dingqianjf.com/news/show/236/1445308_0.html', 'reprint'),
    ('http://www.fzxysj.com/xwzx/hg/202101/t20210122_6132884.html', 'reprint'),
    ('http://www.qing5.com/2024/0425/484287.shtml', 'unknown'),
    ('http://www.qing5.com/2024/1122/511122.shtml', 'unknown'),
    ('http://www.simfy.cn/news/z/2021-04-23/detail-ikmxzfmk8564932.shtml?from=henan_ydph', 'reprint'),
    ('http://www.victorzhang.cn/page/2021/1207/11470948.shtml', 'reprint'),
    ('http://www.zgqdlsjj.com/jdyth/p/56000.html', 'unknown'),
    ('http://xinwen.xunjk.com/zixun/laonianbaojian/2023/0814/612137.html', 'reprint'),
    ('https://aqiusha.com/finance/564a857957c8efd75a7c88e1cd12fdb5.html', 'reprint'),
    ('https://basexf.com/www/zwgk/xxgk/bgt/gkml/gwfg/202110/t20211028_3696898', 'reprint'),
    ('https://docslib.org/doc/6150094/qingdao-statistical-yearbook-39-vol-39', 'reprint'),
    ('https://fensifuwu.com/economics/a1e4c533c1de70c47d00f7f8a899517b.html', 'reprint'),
    ('https://guanhai.com.cn/p/160392.html', 'news'),
    ('https://guanhai.com.cn/p/255777.html', 'news'),
    ('https://gzdaily.dayoo.com/pc/html/2023-11/01/content_423_840554.htm', 'news'),
    ('https://hnmdtv.com/finance/2021/0422/71298.html', 'reprint'),
    ('https://internicdomainnames.com/blog-848699.html', 'reprint'),
    ('https://jiongage.com/big5/news/data/hongguan/20201110/1636081278049.shtml', 'reprint'),
    ('https://laoyaoba.com/n/911445', 'news'),
    ('https://m.guanhai.com.cn/p/432699.html', 'reprint'),
    ('https://m.jiusongjiankang.com/health/news/4846533.html', 'reprint'),
    ('https://m.yybnet.net/xian/news/202007/10684438.html', 'news'),
    ('https://news.cri.cn/n/20231025/24f5799f-877f-e44b-309d-612dffdc7926.html', 'news'),
    ('https://news.qingdaonews.com/qingdao/2024-02/04/content_23537470.htm', 'reprint'),
    ('https://pdf.chddh.cn/archives/73rxnk2jxnpdnlep6ym4.html', 'reprint'),
    ('https://qinglite.cn/doc/727564e586b967d02', 'reprint'),
    ('https://qzwfgc.com/products4/1127.html', 'reprint'),
    ('https://sc592.com/post/104694.html', 'reprint'),
    ('https://staging.reportify.cn/news/1193214920372654080', 'reprint'),
    ('https://ttnews.tw/caijing/1706619260456217.html', 'reprint'),
    ('https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml', 'reprint'),
    ('https://www.guanhai.com.cn/p/277913.html', 'news'),
    ('https://www.oweidata.com/projectDetail/city/510100/city_gpd/gpd_count', 'reprint'),
    ('https://www.stdaily.com/web/gdxw/2025-12/03/content_441406.html', 'news'),
    ('https://www.xqloan.com/resources/52101.html', 'reprint'),
    ('https://www.yicai.com/news/102035690.html', 'news'),
    ('https://www.zgcounty.com/news/67024.html', 'unknown'),
    ('https://www.zyjjw.cn/article/20250328/17431626158885.html', 'news'),
    ('https://yzhqwj.com/www/zwgk/zdgk/fgwj/zcwj/swgw/2022ngw/202210/t20221012_6444425', 'reprint'),
    ('https://z.hangzhou.com.cn/2024/hzslh/content/content_8680247.html', 'news');
UPDATE observations SET source_kind = p.kind FROM _pacesetter_macro_pages p
    WHERE observations.source = p.url AND NOT observations.synthetic;
UPDATE observations SET status = 'not_stated'
    WHERE status = 'final' AND NOT synthetic AND (
        source LIKE 'seed:%'
        OR source LIKE 'https://github.com/leiii/census/%'
        OR source LIKE 'https://github.com/AFAN-LIFE/macropage%'
        OR source IN (SELECT url FROM _pacesetter_macro_pages));
DROP TABLE _pacesetter_macro_pages;
